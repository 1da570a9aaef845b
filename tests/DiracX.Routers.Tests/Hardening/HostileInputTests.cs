using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DiracX.Routers.Tests.Jobs;
using DiracX.Testing;
using Npgsql;

namespace DiracX.Routers.Tests.Hardening;

/// <summary>
/// Walks every operation of the committed OpenAPI document and puts hostile strings and numbers into every string and
/// number it can reach (request bodies, following <c>$ref</c> schemas; path and query parameters; JDL values), sent with
/// the admin's token (the normal user's for submission): no answer may be a 5xx, and no table of any schema may gain or lose a row.
/// </summary>
public class HostileInputTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    /// <summary>Placeholder replaced, in the serialised request, by the raw JSON of the hostile value.</summary>
    private const string Marker = "__HOSTILE_MARKER__";

    /// <summary>Strings no field may hold: a NUL (PostgreSQL text cannot), a lone surrogate, and free text over 64 KiB.</summary>
    private static readonly (string Name, string Json)[] s_strings =
    [
        ("NUL", "\"a\\u0000b\""),
        ("lone surrogate", "\"a\\ud800b\""),
        ("lone low surrogate", "\"\\udc00\""),
        ("70000 characters", "\"" + new string('x', 70_000) + "\""),
    ];

    /// <summary>Numbers no field may hold (JSON cannot carry NaN: its spellings come as strings or bare words).</summary>
    private static readonly (string Name, string Json)[] s_numbers =
    [
        ("1e400", "1e400"), ("-1e400", "-1e400"), ("\"NaN\"", "\"NaN\""), ("\"Infinity\"", "\"Infinity\""), ("NaN", "NaN"),
        ("10^30", "1000000000000000000000000000000"),
    ];

    private static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DiracX.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("DiracX.sln not found");
        }
    }

    private sealed record Case(string Operation, string Method, string Url, HttpContent? Content);

    [Fact]
    public async Task Hostile_strings_and_numbers_in_every_field_of_every_operation_are_refused_without_500_or_writes()
    {
        var ct = TestContext.Current.CancellationToken;
        var job = (await fixture.SubmitAsync())[0];
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "DiracX.Routers", "openapi.json"), ct))!;
        var cases = GenerateCases(document, job).ToList();
        Assert.True(cases.Count > 300, $"only {cases.Count} cases");
        Assert.Contains(cases, c => c.Url.StartsWith("/api/jobs/status", StringComparison.Ordinal));
        Assert.Contains(cases, c => c.Url.StartsWith("/api/auth/token", StringComparison.Ordinal));

        var before = await CountRowsAsync(ct);
        var failures = new List<string>();
        using var admin = fixture.Admin;
        using var user = fixture.User;
        foreach (var c in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Url) { Content = c.Content };
            // The admin reaches every job route but submission, which needs NormalUser (its checks run after the policy).
            using var response = await (c.Operation == "POST /api/jobs/jdl" ? user : admin).SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{c.Operation} {c.Url[..Math.Min(c.Url.Length, 120)]} {await Snippet(c)}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
                continue;
            }
            // Every case carries a value no column may hold: whatever the answer, nothing may have been written (the
            // auth routes that create flows, POST /api/auth/device and GET /api/auth/authorize, included: their
            // hostile query parameters must be refused before a flow is stored).
            var after = await CountRowsAsync(ct);
            var changed = after.Where(t => before.GetValueOrDefault(t.Key) != t.Value).Select(t => $"{t.Key} {before.GetValueOrDefault(t.Key)}->{t.Value}").ToList();
            if (changed.Count > 0)
            {
                failures.Add($"{c.Operation} {c.Url[..Math.Min(c.Url.Length, 120)]} {await Snippet(c)}: {(int)response.StatusCode} wrote rows ({string.Join(", ", changed)})");
                before = after;
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures.Take(60)));
    }

    private static async Task<string> Snippet(Case c)
    {
        var text = c.Content is null ? "" : await c.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return text.Length > 160 ? text[..160] + "..." : text;
    }

    /// <summary>The number of rows of every table of every schema of the fixture's database.</summary>
    private async Task<Dictionary<string, long>> CountRowsAsync(CancellationToken ct)
    {
        await using var connection = await fixture.App.Database!.OpenConnectionAsync(ct);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.True(tables.Count > 10, "the database should have the tables of every schema");
        var counts = new Dictionary<string, long>();
        await using var count = new NpgsqlCommand(string.Join(" UNION ALL ", tables.Select(t => $"SELECT '{t}', count(*) FROM {t}")), connection);
        await using var rows = await count.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
        {
            counts[rows.GetString(0)] = rows.GetInt64(1);
        }
        return counts;
    }

    private static IEnumerable<Case> GenerateCases(JsonNode document, long job)
    {
        var schemas = document["components"]!["schemas"]!;
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operationNode) in operations!.AsObject())
            {
                var operation = operationNode!;
                var name = $"{method.ToUpperInvariant()} {path}";
                var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
                var content = operation["requestBody"]?["content"]?.AsObject();
                var jsonSchema = content?["application/json"]?["schema"];
                var formSchema = content?["application/x-www-form-urlencoded"]?["schema"];
                var baseBody = jsonSchema is null ? null : Generate(jsonSchema, schemas, job, 0, null);
                var baseForm = formSchema is null ? null : Properties(formSchema, schemas).ToDictionary(p => p.Key, p => DefaultString(p.Key));

                string Url(string? hostileParameter, string? hostile)
                {
                    var url = path;
                    var query = new List<string>();
                    foreach (var p in parameters)
                    {
                        var pname = (string)p["name"]!;
                        var value = pname == hostileParameter ? hostile! : DefaultParameter(pname, p["schema"], job);
                        if ((string?)p["in"] == "path")
                        {
                            url = url.Replace("{" + pname + "}", value, StringComparison.Ordinal);
                        }
                        else
                        {
                            query.Add($"{pname}={value}");
                        }
                    }
                    return query.Count == 0 ? url : url + "?" + string.Join("&", query);
                }

                HttpContent? BaseContent() => baseBody is not null ? Json(baseBody.ToJsonString(), null)
                    : baseForm is not null ? new FormUrlEncodedContent(baseForm) : null;

                // Path and query parameters: a NUL, an invalid UTF-8 sequence (a lone surrogate's bytes) and 70,000 characters.
                foreach (var p in parameters)
                {
                    foreach (var hostile in new[] { "a%00b", "a%ED%A0%80b", new string('x', 70_000), "1e400", "NaN" })
                    {
                        if (hostile == "a%00b" && (string?)p["in"] == "path")
                        {
                            continue; // ASP.NET refuses a NUL in the path before routing (Kestrel answers 400)
                        }
                        yield return new Case(name, method.ToUpperInvariant(), Url((string)p["name"]!, hostile), BaseContent());
                    }
                }

                // Form fields.
                if (baseForm is not null)
                {
                    foreach (var field in baseForm.Keys)
                    {
                        foreach (var hostile in new[] { "a%00b", "a%ED%A0%80b", new string('x', 70_000) })
                        {
                            var form = string.Join("&", baseForm.Select(f => $"{f.Key}={(f.Key == field ? hostile : Uri.EscapeDataString(f.Value))}"));
                            yield return new Case(name, method.ToUpperInvariant(), Url(null, null),
                                new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));
                        }
                    }
                }

                // JSON bodies: every string leaf (and dictionary key), and every number leaf, in turn.
                if (baseBody is not null)
                {
                    foreach (var (mutated, kind) in Mutations(baseBody, job))
                    {
                        // 10^30 is a fine double (heartbeat values are floats); it is out of range where an integer is meant.
                        var numbers = kind == Leaf.Double ? s_numbers.Where(n => n.Name != "10^30") : s_numbers;
                        foreach (var (_, hostile) in kind is Leaf.Number or Leaf.Double ? numbers.Concat(s_strings) : s_strings)
                        {
                            yield return new Case(name, method.ToUpperInvariant(), Url(null, null), Json(mutated, hostile));
                        }
                    }
                }

                // JDL values: each JDL attribute, in turn, holding a hostile value.
                if (path == "/api/jobs/jdl")
                {
                    // NUL and lone surrogates anywhere; over-long values where the attribute becomes a column (a JDL is
                    // bounded as a whole by MaxJdlBytes, so a long Arguments is a valid job).
                    foreach (var attribute in new[] { "JobName", "Site", "JobGroup", "JobType", "Arguments", "Owner", "MinorStatus", "StdOutput" })
                    {
                        var columns = attribute is "JobName" or "Site" or "JobGroup" or "JobType";
                        foreach (var (_, hostile) in s_strings.Where(h => columns || !h.Name.Contains("characters", StringComparison.Ordinal))
                            .Append(("200 characters", "\"" + new string('x', 200) + "\"")).Where(h => columns || h.Item1 != "200 characters"))
                        {
                            var jdl = $"Executable = \\\"echo\\\"; {attribute} = \\\"{hostile[1..^1]}\\\";";
                            yield return new Case(name, "POST", path, Json($"[\"{jdl}\"]", null));
                        }
                        yield return new Case(name, "POST", path,
                            Json($"[\"Executable = \\\"echo\\\"; InputData = {{\\\"{new string('x', 300)}\\\"}};\"]", null));
                    }
                }
            }
        }
    }

    private enum Leaf { String, Number, Double, Key }

    /// <summary>The body serialised once per leaf, with that leaf replaced by <see cref="Marker"/>.</summary>
    private static IEnumerable<(string Json, Leaf Kind)> Mutations(JsonNode body, long job)
    {
        var leaves = new List<(Func<JsonNode, JsonNode?> Locate, Leaf Kind, string? Key)>();
        // Only dictionary keys (job ids, timestamps, metadata names) are read; a typed model ignores unknown properties.
        string[] dictionaryKeys = [job.ToString(CultureInfo.InvariantCulture), Timestamp, "JobName", "MyParameter", "Memory(MB)"];
        Collect(body, n => n, leaves, dictionaryKeys);
        foreach (var (locate, kind, key) in leaves)
        {
            var copy = body.DeepClone();
            var target = locate(copy)!;
            if (kind == Leaf.Key)
            {
                var parent = target.AsObject();
                var value = parent[key!]!.DeepClone();
                parent.Remove(key!);
                parent[Marker] = value;
                yield return (copy.ToJsonString(), Leaf.Key);
            }
            else
            {
                target.ReplaceWith(Marker);
                yield return (copy.ToJsonString(), kind);
            }
        }
    }

    private const string Timestamp = "2024-01-01T00:00:00+00:00";

    private static void Collect(JsonNode node, Func<JsonNode, JsonNode?> locate, List<(Func<JsonNode, JsonNode?>, Leaf, string?)> leaves,
        string[] dictionaryKeys)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    var k = key;
                    // Keys that are job ids or timestamps get hostile too: a converter reads them.
                    if (dictionaryKeys.Contains(k))
                    {
                        leaves.Add((locate, Leaf.Key, k));
                    }
                    if (child is not null)
                    {
                        Collect(child, n => locate(n)![k], leaves, dictionaryKeys);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var index = i;
                    Collect(array[i]!, n => locate(n)![index], leaves, dictionaryKeys);
                }
                break;
            case JsonValue value:
                leaves.Add((locate, value.GetValueKind() == System.Text.Json.JsonValueKind.String ? Leaf.String
                    : value.ToJsonString() == "1.5" ? Leaf.Double : Leaf.Number, null));
                break;
        }
    }

    private static StringContent Json(string json, string? hostile)
    {
        var text = hostile is null ? json : json.Replace("\"" + Marker + "\"", hostile, StringComparison.Ordinal);
        return new StringContent(text, Encoding.UTF8, "application/json");
    }

    private static IEnumerable<KeyValuePair<string, JsonNode>> Properties(JsonNode schema, JsonNode schemas)
    {
        schema = Resolve(schema, schemas);
        foreach (var part in schema["allOf"]?.AsArray() ?? [])
        {
            foreach (var p in Properties(part!, schemas))
            {
                yield return p;
            }
        }
        foreach (var (key, value) in schema["properties"]?.AsObject() ?? [])
        {
            yield return new(key, value!);
        }
    }

    private static JsonNode Resolve(JsonNode schema, JsonNode schemas) =>
        schema["$ref"] is { } reference ? Resolve(schemas[((string)reference!).Split('/')[^1]]!, schemas) : schema;

    /// <summary>A value of <paramref name="schema"/> that gets as deep as possible into the route (real job ids, columns).</summary>
    private static JsonNode? Generate(JsonNode schema, JsonNode schemas, long job, int depth, string? name)
    {
        schema = Resolve(schema, schemas);
        if (schema["enum"] is JsonArray values)
        {
            return values[0]!.DeepClone();
        }
        var type = schema["type"] is JsonArray types ? (string?)types.FirstOrDefault(t => (string?)t != "null") : (string?)schema["type"];
        switch (type)
        {
            case "string":
                return (string?)schema["format"] == "date-time" ? "2024-01-01T00:00:00Z" : DefaultString(name);
            case "integer":
                return job;
            case "number":
                return 1.5;
            case "boolean":
                return false;
            case "array":
                return new JsonArray(Generate(schema["items"] ?? new JsonObject(), schemas, job, depth + 1, name));
            default:
                var obj = new JsonObject();
                foreach (var (key, value) in Properties(schema, schemas))
                {
                    obj[key] = Generate(value, schemas, job, depth + 1, key);
                }
                if (schema["additionalProperties"] is JsonObject additional)
                {
                    var inner = Resolve(additional, schemas);
                    // Bulk bodies are keyed by job id; status reports by timestamp.
                    var key = depth == 0 ? job.ToString(CultureInfo.InvariantCulture) : Timestamp;
                    obj[key] = Generate(inner, schemas, job, depth + 1, null);
                }
                else if (obj.Count == 0 && depth > 0)
                {
                    // Free-form objects (metadata): an attribute, a text parameter and an integer parameter.
                    obj["JobName"] = "x";
                    obj["MyParameter"] = "x";
                    obj["Memory(MB)"] = 1;
                }
                return obj;
        }
    }

    private static string DefaultString(string? name) => name switch
    {
        "parameter" or "parameters" or "grouping" => "JobName",
        "operator" => "eq",
        "direction" => "asc",
        "grant_type" => "refresh_token",
        "client_id" => "myDIRACClientID",
        "Source" => "test",
        _ => "x",
    };

    private static string DefaultParameter(string name, JsonNode? schema, long job) => (string?)schema?["type"] switch
    {
        "integer" => name == "job_id" ? job.ToString(CultureInfo.InvariantCulture) : "1",
        "boolean" => "false",
        _ => name switch
        {
            "client_id" => "myDIRACClientID",
            "scope" => "vo:lhcb",
            "response_type" => "code",
            "code_challenge_method" => "S256",
            "redirect_uri" => "http://localhost:8000/docs/oauth2-redirect",
            _ => "x",
        },
    };
}
