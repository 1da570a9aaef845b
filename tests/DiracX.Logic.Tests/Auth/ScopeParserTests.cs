using DiracX.Core.Configuration;
using DiracX.Core.Errors;
using DiracX.Core.Security;
using DiracX.Logic.Auth;
using DiracX.Testing;

namespace DiracX.Logic.Tests.Auth;

public class ScopeParserTests
{
    private static readonly HashSet<string> s_properties = [.. SecurityProperty.BuiltIn];
    private static readonly Config s_config = ConfigParser.Parse(TestConfigs.Default, new ConfigSchema());

    [Fact]
    public void A_vo_alone_gives_the_default_group_and_its_properties()
    {
        var parsed = ScopeParser.Parse("vo:lhcb", s_config, s_properties);
        Assert.Equal(("lhcb", "lhcb_user"), (parsed.Vo, parsed.Group));
        Assert.Equal(["NormalUser", "PrivateLimitedDelegation"], parsed.Properties);
    }

    [Fact]
    public void Requested_properties_are_added_to_the_group_properties()
    {
        var parsed = ScopeParser.Parse("vo:lhcb group:lhcb_prmgr property:JobSharing", s_config, s_properties);
        Assert.Equal("lhcb_prmgr", parsed.Group);
        Assert.Equal(["JobSharing", "NormalUser", "ProductionManagement"], parsed.Properties);
    }

    [Theory]
    [InlineData("vo:lhcb foo", "Unrecognised scopes: ['foo']")]
    [InlineData("group:lhcb_user", "No vo scope requested, available values: 'vo:lhcb' 'vo:gridpp'")]
    [InlineData("vo:lhcb vo:gridpp", "Only one vo is allowed but got ['lhcb', 'gridpp']")]
    [InlineData("vo:atlas", "VO atlas is not known to this installation")]
    [InlineData("vo:lhcb group:lhcb_user group:lhcb_admin", "Only one DIRAC group allowed but got ['lhcb_user', 'lhcb_admin']")]
    [InlineData("vo:lhcb group:gridpp_user", "gridpp_user not in lhcb groups")]
    [InlineData("vo:lhcb property:Wizard", "{'Wizard'} are not valid properties")]
    public void Invalid_scopes_get_diracx_messages(string scope, string message)
    {
        var e = Assert.Throws<DiracException>(() => ScopeParser.Parse(scope, s_config, s_properties));
        Assert.Equal(DiracErrorKind.BadRequest, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Properties_outside_the_available_set_are_refused()
    {
        var e = Assert.Throws<DiracException>(() => ScopeParser.Parse("vo:lhcb", s_config, new HashSet<string> { "NormalUser" }));
        Assert.Equal("{'PrivateLimitedDelegation'} are not valid properties", e.Message);
    }
}
