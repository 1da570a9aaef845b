using DiracX.Testing;
using DiracX.Core.Configuration;

namespace DiracX.Core.Tests.Configuration;

public class GitConfigSourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_local_repository_is_read_at_its_master_branch()
    {
        var (repo, revision) = await TestConfigRepository.CreateAsync(ConfigSamples.Valid, Ct);
        using var _ = repo;
        var source = GitConfigSource.Create(repo.Url, new ConfigSchema());

        var snapshot = await source.ReadAsync(Ct);

        Assert.Equal(revision, snapshot.Revision);
        Assert.Equal(TimeSpan.Zero, snapshot.Modified.Offset);
        Assert.InRange(snapshot.Modified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("chaen", snapshot.Config.Registry["lhcb"].Users[ConfigSamples.Chaen].PreferedUsername);
    }

    [Fact]
    public async Task The_revision_parameter_selects_a_branch_or_commit()
    {
        var (repo, first) = await TestConfigRepository.CreateAsync(ConfigSamples.Valid, Ct);
        using var _ = repo;
        await repo.CommitAsync(ConfigSamples.Valid.Replace("DefaultPriority: 2", "DefaultPriority: 5", StringComparison.Ordinal), "Second", Ct);

        var pinned = await GitConfigSource.Create($"{repo.Url}?revision={first}", new ConfigSchema()).ReadAsync(Ct);
        var latest = await GitConfigSource.Create(repo.Path, new ConfigSchema()).ReadAsync(Ct);

        Assert.Equal(first, pinned.Revision);
        Assert.Equal(2, pinned.Config.Operations["lhcb"].JobDescription.DefaultPriority);
        Assert.Equal(5, latest.Config.Operations["lhcb"].JobDescription.DefaultPriority);
    }

    [Fact]
    public async Task An_invalid_commit_is_reported_with_its_problems()
    {
        var (repo, _) = await TestConfigRepository.CreateAsync(ConfigSamples.Valid.Replace("DefaultGroup: lhcb_user", "DefaultGroup: nobody", StringComparison.Ordinal), Ct);
        using var __ = repo;

        var error = await Assert.ThrowsAsync<ConfigValidationException>(() => GitConfigSource.Create(repo.Url, new ConfigSchema()).ReadAsync(Ct));

        Assert.Equal(["Registry.lhcb.DefaultGroup: group 'nobody' does not exist in VO lhcb"], error.Problems);
    }

    [Fact]
    public async Task A_missing_repository_is_a_source_error()
    {
        var source = GitConfigSource.Create("git+file:///nonexistent/diracx-config", new ConfigSchema());

        await Assert.ThrowsAsync<ConfigSourceException>(() => source.ReadAsync(Ct));
    }

    [Theory]
    [InlineData("git+file:///srv/cs", "git+file", "/srv/cs", "master")]
    [InlineData("/srv/cs", "git+file", "/srv/cs", "master")]
    [InlineData("git+https://gitlab.example.org/dirac/cs.git?revision=prod", "git+https", "https://gitlab.example.org/dirac/cs.git", "prod")]
    public void Backend_urls_are_parsed_as_DiracX_parses_them(string url, string scheme, string location, string revision)
    {
        Assert.Equal(new ConfigSourceUrl(scheme, location, revision), ConfigSourceUrl.Parse(url));
    }

    [Fact]
    public void Unsupported_schemes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ConfigSourceUrl.Parse("git+ssh://host/repo"));
    }

    [Fact]
    public async Task A_remote_repository_is_cloned_over_https_and_fetched_again_on_each_read()
    {
        var (repo, first) = await TestConfigRepository.CreateAsync(ConfigSamples.Valid, Ct);
        using var _ = repo;
        var cache = Path.Combine(Path.GetTempPath(), "diracx-config-cache-test-" + Guid.NewGuid().ToString("N"));
        await using var server = await GitHttpServer.StartAsync(Path.GetDirectoryName(repo.Path)!, Ct);
        var source = GitConfigSource.Create($"git+{server.BaseUrl}/{Path.GetFileName(repo.Path)}", new ConfigSchema(), cache);

        var snapshot = await source.ReadAsync(Ct);
        var second = await repo.CommitAsync(ConfigSamples.Valid.Replace("MaxCPUTime: 1000", "MaxCPUTime: 2000", StringComparison.Ordinal), "More CPU", Ct);
        var updated = await source.ReadAsync(Ct);

        Assert.Equal(first, snapshot.Revision);
        Assert.Equal(second, updated.Revision);
        Assert.Equal(2000, updated.Config.Operations["lhcb"].JobDescription.MaxCPUTime);
        Directory.Delete(cache, recursive: true);
    }

    [Fact]
    public async Task An_unreachable_remote_is_a_source_error_even_after_a_first_clone()
    {
        var (repo, _) = await TestConfigRepository.CreateAsync(ConfigSamples.Valid, Ct);
        using var __ = repo;
        var cache = Path.Combine(Path.GetTempPath(), "diracx-config-cache-test-" + Guid.NewGuid().ToString("N"));
        var server = await GitHttpServer.StartAsync(Path.GetDirectoryName(repo.Path)!, Ct);
        var source = GitConfigSource.Create($"git+{server.BaseUrl}/{Path.GetFileName(repo.Path)}", new ConfigSchema(), cache);
        await source.ReadAsync(Ct);

        await server.DisposeAsync();

        await Assert.ThrowsAsync<ConfigSourceException>(() => source.ReadAsync(Ct));
        Directory.Delete(cache, recursive: true);
    }
}
