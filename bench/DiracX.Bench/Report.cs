using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DiracX.Bench;

/// <summary>One line of the results table.</summary>
internal sealed record ScenarioResult(
    string Scenario,
    string Api,
    string Raw,
    double? Ratio,
    string Target,
    string Verdict,
    double? P50Ms,
    double? P99Ms,
    double? StatementsPerRequest,
    double? RoutersCpuUsPerRequest,
    double RoutersRssMiB,
    long Requests,
    long Errors,
    string Notes);

/// <summary>Prints the table and writes JSON and Markdown under bench/results/.</summary>
internal static class Report
{
    public static string F(double? v, string format = "F2") =>
        v is null || double.IsNaN(v.Value) ? "-" : v.Value.ToString(format, CultureInfo.InvariantCulture);

    public static string Markdown(IReadOnlyList<ScenarioResult> results, IReadOnlyDictionary<string, string> context,
        IReadOnlyList<string> extra)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# DiracX bench: {context["mode"]} mode, {context["date"]}").AppendLine();
        sb.AppendLine("| Scenario | API | Raw | Ratio | Target | Verdict | p50 ms | p99 ms | stmts/req | routers CPU µs/req | routers RSS MiB | requests | errors |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Api} | {r.Raw} | {F(r.Ratio)} | {r.Target} | {r.Verdict} | {F(r.P50Ms)} | {F(r.P99Ms)} | {F(r.StatementsPerRequest, "F1")} | {F(r.RoutersCpuUsPerRequest, "F0")} | {F(r.RoutersRssMiB, "F0")} | {r.Requests} | {r.Errors} |");
        }
        sb.AppendLine();
        foreach (var line in extra)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        }
        sb.AppendLine().AppendLine("Settings and machine:").AppendLine();
        foreach (var (k, v) in context)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {k}: {v}");
        }
        return sb.ToString();
    }

    public static void PrintTable(IReadOnlyList<ScenarioResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{"Scenario",-44} {"API",-18} {"Raw",-18} {"Ratio",6} {"Target",-26} {"Verdict",-10} {"p50",7} {"p99",8} {"stmt/r",6} {"cpu µs",7} {"RSS",5} {"err",4}");
        foreach (var r in results)
        {
            Console.WriteLine($"{r.Scenario,-44} {r.Api,-18} {r.Raw,-18} {F(r.Ratio),6} {r.Target,-26} {r.Verdict,-10} {F(r.P50Ms),7} {F(r.P99Ms),8} {F(r.StatementsPerRequest, "F1"),6} {F(r.RoutersCpuUsPerRequest, "F0"),7} {F(r.RoutersRssMiB, "F0"),5} {r.Errors,4}");
        }
    }

    public static (string Json, string Md) Write(string directory, string mode, IReadOnlyList<ScenarioResult> results,
        IReadOnlyDictionary<string, string> context, IReadOnlyList<string> extra)
    {
        Directory.CreateDirectory(directory);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var json = JsonSerializer.Serialize(new { context, results, notes = extra }, s_json);
        var md = Markdown(results, context, extra);
        var jsonPath = Path.Combine(directory, $"{stamp}-{mode}.json");
        var mdPath = Path.Combine(directory, $"{stamp}-{mode}.md");
        File.WriteAllText(jsonPath, json);
        File.WriteAllText(mdPath, md);
        File.WriteAllText(Path.Combine(directory, $"latest-{mode}.json"), json);
        File.WriteAllText(Path.Combine(directory, $"latest-{mode}.md"), md);
        return (jsonPath, mdPath);
    }

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
