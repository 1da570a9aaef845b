using System.Text.RegularExpressions;
using DiracX.Core;
using DiracX.Testing;

namespace DiracX.Architecture.Tests;

public partial class VersionTests
{
    [GeneratedRegex(@"<Version>\s*(0\.\d+\.\d+)\s*</Version>")]
    private static partial Regex VersionElement();

    [Fact]
    public void Directory_build_props_holds_one_version_of_the_DiracX_form()
    {
        var props = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Directory.Build.props"));
        var match = Assert.Single(VersionElement().Matches(props));
        Assert.Equal(DiracXVersion.Current, match.Groups[1].Value);
    }

    [Fact]
    public void Every_assembly_carries_the_one_version()
    {
        var assemblies = new[]
        {
            typeof(DiracXVersion).Assembly, typeof(Db.Infrastructure.DbUnitOfWork).Assembly, typeof(Logic.LogicMarker).Assembly,
            typeof(Client.DiracXClientInfo).Assembly, typeof(Api.DiracXApi).Assembly, typeof(Cli.DiracCli).Assembly,
        };
        foreach (var assembly in assemblies)
        {
            Assert.Equal(DiracXVersion.Current, DiracXVersion.Read(assembly));
            Assert.Equal(new Version(DiracXVersion.Current + ".0"), assembly.GetName().Version);
        }
    }
}
