using DiracX.Api.Configuration;
using DiracX.Core.Configuration;

namespace DiracX.Api.Tests.Configuration;

public sealed class ConfigRepositoryManagerTests : IDisposable
{
    private const string Sub = "b824d4dc-1f9d-4ee8-8df5-c0ae55d46041";
    private readonly string _path = Path.Combine(Path.GetTempPath(), "diracx-cs-admin-" + Guid.NewGuid().ToString("N"));
    private readonly ConfigRepositoryManager _manager = new(new ConfigSchema());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private string Url => "git+file://" + _path;

    private Task<ConfigSnapshot> ReadAsync() => GitConfigSource.Create(Url, new ConfigSchema()).ReadAsync(Ct);

    private async Task<string> LastMessageAsync() => (await GitCli.RunAsync(_path, ["log", "-1", "--format=%s"], Ct)).Trim();

    private async Task CreateVoAsync()
    {
        await _manager.GenerateConfigRepositoryAsync(Url, Ct);
        await _manager.AddVoAsync(Url, "lhcb", "https://idp.example.org", "client-id", cancellationToken: Ct);
    }

    [Fact]
    public async Task A_generated_repository_holds_a_valid_empty_configuration()
    {
        var sha = await _manager.GenerateConfigRepositoryAsync(Url, Ct);

        var snapshot = await ReadAsync();
        Assert.Equal(sha, snapshot.Revision);
        Assert.Empty(snapshot.Config.Registry);
        Assert.Equal("Initial commit", await LastMessageAsync());
    }

    [Fact]
    public async Task A_repository_is_not_generated_over_an_existing_folder()
    {
        Directory.CreateDirectory(_path);
        await File.WriteAllTextAsync(Path.Combine(_path, "x"), "", Ct);

        var error = await Assert.ThrowsAsync<ConfigException>(() => _manager.GenerateConfigRepositoryAsync(Url, Ct));
        Assert.Equal($"Directory {_path} already exists", error.Message);
    }

    [Fact]
    public async Task Adding_a_vo_creates_its_default_group_with_NormalUser()
    {
        await CreateVoAsync();

        var vo = (await ReadAsync()).Config.Registry["lhcb"];
        Assert.Equal("user", vo.DefaultGroup);
        Assert.Equal(["NormalUser"], vo.Groups["user"].Properties);
        Assert.Equal("client-id", vo.IdP.ClientId);
        Assert.Equal("Added vo lhcb registry (default group user and idp https://idp.example.org)", await LastMessageAsync());
        var error = await Assert.ThrowsAsync<ConfigException>(() => _manager.AddVoAsync(Url, "lhcb", "u", "c", cancellationToken: Ct));
        Assert.Equal("VO lhcb already exists", error.Message);
    }

    [Fact]
    public async Task Adding_groups_uses_NormalUser_unless_properties_are_given()
    {
        await CreateVoAsync();

        await _manager.AddGroupAsync(Url, "lhcb", "plain", cancellationToken: Ct);
        await _manager.AddGroupAsync(Url, "lhcb", "admin", ["JobAdministrator", "ProxyManagement"], Ct);

        var groups = (await ReadAsync()).Config.Registry["lhcb"].Groups;
        Assert.Equal(["NormalUser"], groups["plain"].Properties);
        Assert.Equal(["JobAdministrator", "ProxyManagement"], groups["admin"].Properties);
        Assert.Equal("Added group admin in lhcb", await LastMessageAsync());
        Assert.Equal("Group admin already exists in lhcb",
            (await Assert.ThrowsAsync<ConfigException>(() => _manager.AddGroupAsync(Url, "lhcb", "admin", cancellationToken: Ct))).Message);
        Assert.Equal("Virtual Organization atlas does not exist",
            (await Assert.ThrowsAsync<ConfigException>(() => _manager.AddGroupAsync(Url, "atlas", "g", cancellationToken: Ct))).Message);
    }

    [Fact]
    public async Task An_invalid_change_is_not_committed()
    {
        await CreateVoAsync();
        var before = (await ReadAsync()).Revision;

        var error = await Assert.ThrowsAsync<ConfigValidationException>(() => _manager.AddGroupAsync(Url, "lhcb", "bad", ["Wizard"], Ct));

        Assert.Equal(["Registry.lhcb.Groups.bad.Properties: unknown property 'Wizard'"], error.Problems);
        Assert.Equal(before, (await ReadAsync()).Revision);
    }

    [Fact]
    public async Task Adding_a_user_puts_it_in_the_default_group_or_the_given_groups()
    {
        await CreateVoAsync();
        await _manager.AddGroupAsync(Url, "lhcb", "admin", ["JobAdministrator"], Ct);

        await _manager.AddUserAsync(Url, "lhcb", Sub, "chaen", cancellationToken: Ct);
        Assert.Equal($"Added user {Sub} (chaen) to vo lhcb and groups ['user']", await LastMessageAsync());
        await _manager.AddUserAsync(Url, "lhcb", "other-sub", "alice", ["admin", "user"], Ct);

        var vo = (await ReadAsync()).Config.Registry["lhcb"];
        Assert.Equal("chaen", vo.Users[Sub].PreferedUsername);
        Assert.Equal(["other-sub", Sub], vo.Groups["user"].Users);
        Assert.Equal(["other-sub"], vo.Groups["admin"].Users);
    }

    [Fact]
    public async Task Adding_a_user_fails_for_duplicates_and_unknown_groups()
    {
        await CreateVoAsync();
        await _manager.AddUserAsync(Url, "lhcb", Sub, "chaen", cancellationToken: Ct);

        Assert.Equal($"User {Sub} already exists",
            (await Assert.ThrowsAsync<ConfigException>(() => _manager.AddUserAsync(Url, "lhcb", Sub, "x", cancellationToken: Ct))).Message);
        Assert.Equal("Group nope does not exist in lhcb",
            (await Assert.ThrowsAsync<ConfigException>(() => _manager.AddUserAsync(Url, "lhcb", "s2", "bob", ["nope"], Ct))).Message);
        var duplicate = await Assert.ThrowsAsync<ConfigValidationException>(() => _manager.AddUserAsync(Url, "lhcb", "s3", "chaen", cancellationToken: Ct));
        Assert.StartsWith("Registry.lhcb.Users.s3.PreferedUsername: 'chaen' is already", Assert.Single(duplicate.Problems));
    }

    [Fact]
    public async Task Only_local_repositories_can_be_managed()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(
            () => _manager.AddVoAsync("git+https://example.org/cs.git", "lhcb", "u", "c", cancellationToken: Ct));
        Assert.Equal("Only git+file:// URLs are supported", error.Message);
    }

    [Fact]
    public async Task Validate_reports_the_problems_of_a_file_or_a_repository()
    {
        await CreateVoAsync();
        var file = Path.Combine(_path, "broken.yml");
        await File.WriteAllTextAsync(file, "DIRAC: {}\nRegistry: {}\nExtra: 1\n", Ct);

        Assert.Empty(await ConfigValidator.ValidateAsync(Url, new ConfigSchema(), Ct));
        Assert.Empty(await ConfigValidator.ValidateAsync(_path, new ConfigSchema(), Ct));
        Assert.Equal(["Extra: unknown key"], await ConfigValidator.ValidateAsync(file, new ConfigSchema(), Ct));
    }

    public void Dispose()
    {
        if (Directory.Exists(_path))
        {
            Directory.Delete(_path, recursive: true);
        }
    }
}
