using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DiracX.Core.Jdl;
using DiracX.Core.Models;
using DiracX.Core.Security;
using DiracX.Core.Settings;
using DiracX.Db.Jobs;
using DiracX.Db.Search;

namespace DiracX.Bench.Micro;

/// <summary>The JDL of a typical user job (~1 KB) and a parametric one.</summary>
internal static class Samples
{
    public const string Jdl = """
        [
          Executable = "dirac-jobexec";
          Arguments = "jobDescription.xml -o LogLevel=INFO";
          JobName = "bench_1";
          JobGroup = "bench";
          OutputSandbox = { "std.out", "std.err", "output.log", "summary.xml" };
          InputSandbox = { "jobDescription.xml", "bench.py", "options.opts" };
          StdOutput = "std.out";
          StdError = "std.err";
          Priority = 1;
          CPUTime = 86400;
          Tags = { "8GB", "x86_64-el9" };
          Site = "ANY";
          LogLevel = "INFO";
          MaxRescheduling = 3;
          OutputData = { "LFN:/lhcb/user/c/chaen/bench/1/out.root" };
          OutputSE = "DIRAC-USER";
          Origin = "DiracX-bench";
          Comment = "Bench job: a typical analysis job description of about one kilobyte, with sandboxes and output data";
        ]
        """;

    public static string Parametric(int n) =>
        $$"""[ Executable = "dirac-jobexec"; Arguments = "%s"; JobName = "param_%n"; Parameters = {{n}}; ParameterStart = 1; ParameterStep = 1; ]""";
}

/// <summary>JDL parsing and writing.</summary>
[MemoryDiagnoser]
public class JdlBenchmarks
{
    private readonly string _text = Samples.Jdl;
    private readonly JdlDocument _document = JdlParser.Parse(Samples.Jdl);

    [Benchmark]
    public JdlDocument Parse() => JdlParser.Parse(_text);

    [Benchmark]
    public string Write() => JdlWriter.Write(_document);
}

/// <summary>Parametric expansion of one JDL into N jobs (the S1 parametric scenario's CPU part).</summary>
[MemoryDiagnoser]
public class ParametricBenchmarks
{
    private string[] _jdls = [];

    [Params(100, 10_000)]
    public int Jobs { get; set; }

    [GlobalSetup]
    public void Setup() => _jdls = [Samples.Parametric(Jobs)];

    [Benchmark]
    public int Expand() => JdlSubmission.Expand(_jdls, 10_000).Jobs.Count;
}

/// <summary>JDL compression as stored (zlib in bytea).</summary>
[MemoryDiagnoser]
public class JdlCompressionBenchmarks
{
    private readonly string _text = Samples.Jdl;
    private readonly byte[] _compressed = JdlCompression.Compress(Samples.Jdl);

    [Benchmark]
    public byte[] Compress() => JdlCompression.Compress(_text);

    [Benchmark]
    public string Decompress() => JdlCompression.Decompress(_compressed);
}

/// <summary>Translation of a search request into SQL (the S5 scenario's planning part).</summary>
[MemoryDiagnoser]
public class SearchTranslationBenchmarks
{
    private readonly SearchEngine _engine = new(JobsSearchTable.Table);
    private readonly SearchParams _typical = JsonSerializer.Deserialize<SearchParams>("""
        {"search": [{"parameter": "Status", "operator": "eq", "value": "Running"}, {"parameter": "Owner", "operator": "eq", "value": "user050"}],
         "sort": [{"parameter": "JobID", "direction": "desc"}]}
        """)!;
    private readonly SearchParams _complex = JsonSerializer.Deserialize<SearchParams>("""
        {"parameters": ["JobID", "Status", "Site", "Owner"],
         "search": [{"parameter": "Status", "operator": "in", "values": ["Running", "Waiting", "Matched"]},
                    {"parameter": "Site", "operator": "like", "value": "LCG.%"},
                    {"parameter": "SubmissionTime", "operator": "gt", "value": "2025-06-01T00:00:00"},
                    {"parameter": "JobID", "operator": "lt", "value": 900000}],
         "sort": [{"parameter": "SubmissionTime", "direction": "asc"}, {"parameter": "JobID", "direction": "desc"}]}
        """)!;
    private readonly SearchPaging _paging = SearchPaging.Create(1000, 100);

    [Benchmark]
    public SearchStatements Typical() => _engine.PlanSearch(_typical, _paging);

    [Benchmark]
    public SearchStatements Complex() => _engine.PlanSearch(_complex, _paging);
}

/// <summary>Access-token verification (what every authenticated request pays), Ed25519 and RS256.</summary>
[MemoryDiagnoser]
public class TokenVerificationBenchmarks : IDisposable
{
    private TokenKeystore? _keystore;
    private DiracXTokenVerifier? _verifier;
    private string _token = "";

    [Params("Ed25519", "RS256")]
    public string Algorithm { get; set; } = "Ed25519";

    [GlobalSetup]
    public void Setup()
    {
        var jwks = Algorithm == "Ed25519"
            ? JwksMaintenance.Rotate(null, TimeProvider.System)
            : new System.Text.Json.Nodes.JsonObject
            {
                ["keys"] = new System.Text.Json.Nodes.JsonArray(JsonWebKeyGenerator.CreateRsa(JsonWebKeyGenerator.NewKeyId(TimeProvider.System), ["sign", "verify"])),
            }.ToJsonString();
        var settings = new AuthSettings
        {
            TokenIssuer = "http://lhcbdirac.cern.ch/",
            TokenKeystore = jwks,
            StateKey = Convert.ToBase64String(new byte[32]).Replace('+', '-').Replace('/', '_'),
            TokenAllowedAlgorithms = ["RS256", "Ed25519"],
        };
        _keystore = TokenKeystore.Load(jwks);
        var issuer = new DiracXTokenIssuer(_keystore, settings, TimeProvider.System);
        _verifier = new DiracXTokenVerifier(_keystore, settings, TimeProvider.System);
        _token = issuer.Sign(issuer.CreateAccessPayload("lhcb", "b824d4dc-1f9d-4ee8-8df5-c0ae55d46041", "chaen", "lhcb_user",
            ["NormalUser", "PrivateLimitedDelegation"]));
    }

    [Benchmark]
    public AccessTokenPayload Verify() => _verifier!.VerifyAccessToken(_token);

    [GlobalCleanup]
    public void Dispose()
    {
        _keystore?.Dispose();
        _keystore = null;
        GC.SuppressFinalize(this);
    }
}
