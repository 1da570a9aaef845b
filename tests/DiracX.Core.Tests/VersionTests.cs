using DiracX.Core;

namespace DiracX.Core.Tests;

public class DiracXVersionTests
{
    [Fact]
    public void The_informational_suffix_after_plus_is_dropped()
    {
        Assert.DoesNotContain("+", DiracXVersion.Current, StringComparison.Ordinal);
        Assert.Matches(@"^0\.\d+\.\d+", DiracXVersion.Current);
    }
}
