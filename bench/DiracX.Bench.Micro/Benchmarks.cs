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
    public static readonly string Jdl = BenchJdl.Of(1);

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

/// <summary>What a submission does to each job once it has an id: the checks, the preparation (job-id substitution,
/// ownership, sorting) and the writing of the JDL to store (the per-job CPU part of S1, without compression).</summary>
[MemoryDiagnoser]
public class PreparationBenchmarks
{
    private static readonly JobOwner Owner = new("chaen", "lhcb_user", "lhcb");
    private readonly JdlDocument _parsed = JdlParser.Parse(Samples.Jdl);
    private readonly JobDescriptionRules _rules = new();

    [Benchmark]
    public string CheckPrepareWrite()
    {
        var manifest = JobManifest.CheckAndAddOwner(_parsed, Owner.Owner, Owner.OwnerGroup, _rules);
        var prepared = JobPreparation.PrepareJob(manifest, 1234, Owner, _rules, platforms => platforms);
        return JdlWriter.Write(prepared.Jdl);
    }
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

    [Benchmark(Baseline = true)]
    public byte[] Compress() => JdlCompression.Compress(_text);

    [Benchmark]
    public byte[] CompressOptimal() => JdlCompression.Compress(_text, System.IO.Compression.CompressionLevel.Optimal);

    [Benchmark]
    public byte[] CompressFastest() => JdlCompression.Compress(_text, System.IO.Compression.CompressionLevel.Fastest);

    /// <summary>The stored size at each level (printed once by the setup, for the record).</summary>
    [GlobalSetup]
    public void PrintSizes() => Console.WriteLine(
        $"// JDL {System.Text.Encoding.UTF8.GetByteCount(_text)} B: Optimal {JdlCompression.Compress(_text, System.IO.Compression.CompressionLevel.Optimal).Length} B, "
        + $"Fastest {JdlCompression.Compress(_text, System.IO.Compression.CompressionLevel.Fastest).Length} B");

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
    private DiracXTokenVerifier? _cachedVerifier;
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
        _cachedVerifier = new DiracXTokenVerifier(_keystore, settings, TimeProvider.System, new VerifiedTokenCache());
        _token = issuer.Sign(issuer.CreateAccessPayload("lhcb", "b824d4dc-1f9d-4ee8-8df5-c0ae55d46041", "chaen", "lhcb_user",
            ["NormalUser", "PrivateLimitedDelegation"]));
    }

    [Benchmark(Baseline = true)]
    public AccessTokenPayload Verify() => _verifier!.VerifyAccessToken(_token);

    /// <summary>What a request with a token seen before pays (the routers' verifier has the cache).</summary>
    [Benchmark]
    public AccessTokenPayload VerifyCached() => _cachedVerifier!.VerifyAccessToken(_token);

    [GlobalCleanup]
    public void Dispose()
    {
        _keystore?.Dispose();
        _keystore = null;
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The submission's CPU part per request of N jobs, before and after in one run: storing the JDLs (before: zlib at
/// Optimal, twice per job, one thread; after: <see cref="JdlCompression.CompressJobs"/>) and cloning each job's document
/// (before: the generic deep copy through the validating constructor; after: <see cref="JdlDocument.Clone"/>).
/// </summary>
[MemoryDiagnoser]
public class SubmissionBenchmarks
{
    private NewJob[] _jobs = [];
    private JdlDocument _document = new();

    [Params(100, 10_000)]
    public int Jobs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _document = JdlParser.Parse(Samples.Jdl);
        var prepared = JdlParser.Parse(Samples.Jdl);
        prepared.SetString("Owner", "chaen");
        prepared.SetString("OwnerGroup", "lhcb_user");
        var preparedText = JdlWriter.Write(prepared);
        _jobs = [.. Enumerable.Range(0, Jobs).Select(i => new NewJob(i, preparedText.Replace("bench_1", $"bench_{i}", StringComparison.Ordinal),
            Samples.Jdl.Replace("bench_1", $"bench_{i}", StringComparison.Ordinal), "chaen", "lhcb_user", "lhcb", "Received", "Job accepted", DateTimeOffset.UnixEpoch))];
    }

    [Benchmark(Baseline = true)]
    public int CompressBefore()
    {
        var jdls = _jobs.Select(j => JdlCompression.Compress(j.Jdl, System.IO.Compression.CompressionLevel.Optimal)).ToArray();
        var originals = _jobs.Select(j => JdlCompression.Compress(j.OriginalJdl, System.IO.Compression.CompressionLevel.Optimal)).ToArray();
        return jdls.Length + originals.Length;
    }

    [Benchmark]
    public int CompressAfter()
    {
        var (jdls, originals) = JdlCompression.CompressJobs(_jobs);
        return jdls.Length + originals.Length;
    }

    [Benchmark]
    public int CloneBefore()
    {
        var n = 0;
        for (var i = 0; i < Jobs; i++)
        {
            n += DeepCopy(_document).Count;
        }
        return n;
    }

    [Benchmark]
    public int CloneAfter()
    {
        var n = 0;
        for (var i = 0; i < Jobs; i++)
        {
            n += _document.Clone().Count;
        }
        return n;
    }

    // The clone as it was: every value rebuilt, every name validated again by the constructor.
    private static JdlDocument DeepCopy(JdlDocument document) =>
        new(document.Attributes.Select(a => new KeyValuePair<string, JdlValue>(a.Key, CopyValue(a.Value))));

    private static JdlValue CopyValue(JdlValue value) => value switch
    {
        JdlClassAd ad => new JdlClassAd(DeepCopy(ad.Document)),
        JdlList list => new JdlList(list.Items.Select(CopyValue)),
        _ => value,
    };
}
