using DiracX.Core.Configuration;

namespace DiracX.Testing;

/// <summary>A real git repository in a temporary folder holding a <c>default.yml</c>, as the configuration service reads.</summary>
public sealed class TestConfigRepository : IDisposable
{
    private TestConfigRepository(string path) => Path = path;

    /// <summary>The repository folder.</summary>
    public string Path { get; }

    /// <summary>The <c>git+file://</c> URL of the repository.</summary>
    public string Url => "git+file://" + Path;

    /// <summary>Creates a repository on branch <c>master</c> with one commit of <paramref name="yaml"/>.</summary>
    public static async Task<(TestConfigRepository Repository, string Revision)> CreateAsync(string yaml, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "diracx-config-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var repository = new TestConfigRepository(path);
        await repository.GitAsync(cancellationToken, "init", "--quiet", "--initial-branch=master");
        return (repository, await repository.CommitAsync(yaml, "Initial commit", cancellationToken));
    }

    /// <summary>Writes <c>default.yml</c>, commits it and returns the new commit sha.</summary>
    public async Task<string> CommitAsync(string yaml, string message, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, GitConfigSource.ConfigFileName), yaml, cancellationToken);
        await GitAsync(cancellationToken, "add", GitConfigSource.ConfigFileName);
        await GitAsync(cancellationToken, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "--quiet",
            "--allow-empty", "-m", message);
        return (await GitAsync(cancellationToken, "rev-parse", "HEAD")).Trim();
    }

    /// <summary>Runs git in the repository.</summary>
    public Task<string> GitAsync(CancellationToken cancellationToken, params string[] args) =>
        GitCli.RunAsync(Path, args, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
