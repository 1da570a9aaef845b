using DiracX.Core.Versioning;

namespace DiracX.Core.Tests.Platform;

public class Pep440VersionTests
{
    [Theory]
    // Each line is in increasing PEP 440 order (the examples of PEP 440 and of packaging's test-suite).
    [InlineData("1.0.dev456", "1.0a1")]
    [InlineData("1.0a1", "1.0a2.dev456")]
    [InlineData("1.0a2.dev456", "1.0a12.dev456")]
    [InlineData("1.0a12", "1.0b1.dev456")]
    [InlineData("1.0b2.post345.dev456", "1.0b2.post345")]
    [InlineData("1.0rc1", "1.0")]
    [InlineData("1.0", "1.0+abc.5")]
    [InlineData("1.0+abc.5", "1.0+abc.7")]
    [InlineData("1.0+abc.7", "1.0+5")]
    [InlineData("1.0+5", "1.0.post456.dev34")]
    [InlineData("1.0.post456.dev34", "1.0.post456")]
    [InlineData("1.0.post456", "1.1.dev1")]
    [InlineData("0.3.1.dev12+gabc", "0.3.1")]
    [InlineData("0.0.1a1", "0.0.1")]
    [InlineData("9.9", "1!0.1")]
    public void Versions_are_ordered_as_PEP_440_orders_them(string lower, string higher)
    {
        var a = Pep440Version.Parse(lower);
        var b = Pep440Version.Parse(higher);
        Assert.True(a < b, $"{lower} < {higher}");
        Assert.True(b > a);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("1.0", "1.0.0")]
    [InlineData("1.0a1", "1.0alpha1")]
    [InlineData("1.0rc1", "1.0c1")]
    [InlineData("1.0-1", "1.0.post1")]
    [InlineData("v0.4.0", "0.4.0")]
    [InlineData("1.0.DEV1", "1.0.dev1")]
    public void Spellings_of_one_version_are_equal(string a, string b)
    {
        Assert.Equal(Pep440Version.Parse(a), Pep440Version.Parse(b));
        Assert.Equal(Pep440Version.Parse(a).GetHashCode(), Pep440Version.Parse(b).GetHashCode());
    }

    [Theory]
    [InlineData("Unknown")]
    [InlineData("")]
    [InlineData("1.0-beta-final")]
    [InlineData("1..0")]
    [InlineData("1.0+")]
    [InlineData("99999999999999999999999.0")]
    public void Non_versions_do_not_parse(string text)
    {
        Assert.False(Pep440Version.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => Pep440Version.Parse(text));
        Assert.Equal($"Invalid version: '{text}'", error.Message);
    }

    [Fact]
    public void Hostile_long_input_is_refused_quickly()
    {
        Assert.False(Pep440Version.TryParse(new string('1', 10_000) + "a", out _));
        Assert.False(Pep440Version.TryParse("1" + string.Concat(Enumerable.Repeat(".1", 200)) + "x", out _));
    }
}
