namespace DiracX.Cli.Tests;

/// <summary><c>dirac jobs submit</c> shows upload progress only when it uploads, and never into JSON output.</summary>
public sealed partial class CommandTests
{
    private static async Task<(string Folder, string Jdl)> JobWithInputAsync(string credentials)
    {
        var folder = Path.GetDirectoryName(credentials)!;
        await File.WriteAllTextAsync(Path.Combine(folder, "input.txt"), new string('x', 100_000), Ct);
        var jdl = Path.Combine(folder, "job.jdl");
        await File.WriteAllTextAsync(jdl, "[Executable = \"cat\"; InputSandbox = {\"input.txt\"};]", Ct);
        return (folder, jdl);
    }

    [Fact]
    public async Task Submit_shows_upload_progress_when_local_input_files_are_uploaded()
    {
        var credentials = await server.LoggedInAsync();
        var (folder, jdl) = await JobWithInputAsync(credentials);
        var result = await server.RunAsync(credentials, ["jobs", "submit", jdl], workingDirectory: folder, interactive: true);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Uploading", result.Console, StringComparison.Ordinal);
        Assert.Contains("100%", result.Console, StringComparison.Ordinal);
        Assert.Contains("Inserted 1 jobs with ids: ", result.Console, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Submit_without_local_input_files_or_with_json_output_shows_no_progress()
    {
        var credentials = await server.LoggedInAsync();
        var plain = await server.RunAsync(credentials, ["jobs", "submit", await WriteJdlAsync(credentials, "plain.jdl", Jdl)], interactive: true);
        Assert.True(plain.ExitCode == ExitCodes.Success, plain.ToString());
        Assert.DoesNotContain("Uploading", plain.Console, StringComparison.Ordinal);
        Assert.DoesNotContain("%", plain.Console, StringComparison.Ordinal);

        var (folder, jdl) = await JobWithInputAsync(credentials);
        var json = await server.RunAsync(credentials, ["jobs", "submit", jdl, "-o", "json"], workingDirectory: folder, interactive: true);
        Assert.True(json.ExitCode == ExitCodes.Success, json.ToString());
        Assert.DoesNotContain("Uploading", json.Console, StringComparison.Ordinal);
        Assert.DoesNotContain("%", json.Console, StringComparison.Ordinal);
        Assert.DoesNotContain("Uploading", json.Out, StringComparison.Ordinal);

        // Submit's JSON output is the inserted jobs; nor does the sandbox download in JSON output show progress.
        Assert.Equal("", json.Console);
        var id = System.Text.Json.Nodes.JsonNode.Parse(json.Out)!.AsArray().Single()!["JobID"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var download = await server.RunAsync(credentials, ["jobs", "sandbox", "download", id, "--type", "Input",
            "--destination", Path.Combine(folder, "back"), "-o", "json"], interactive: true);
        Assert.True(download.ExitCode == ExitCodes.Success, download.ToString());
        Assert.Equal("", download.Console);
        Assert.Single(System.Text.Json.Nodes.JsonNode.Parse(download.Out)!.AsArray());
    }

    private static async Task<string> WriteJdlAsync(string credentials, string name, string jdl)
    {
        var file = Path.Combine(Path.GetDirectoryName(credentials)!, name);
        await File.WriteAllTextAsync(file, jdl, Ct);
        return file;
    }
}
