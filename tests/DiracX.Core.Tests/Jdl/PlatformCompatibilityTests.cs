using DiracX.Core.Jdl;

namespace DiracX.Core.Tests.Jdl;

public class PlatformCompatibilityTests
{
    private static readonly Dictionary<string, HashSet<string>> s_dirac = new()
    {
        ["plat1"] = ["plat1", "OS1", "OS2", "OS3"],
        ["plat2"] = ["plat2", "OS4", "OS5"],
        ["plat3"] = ["plat3", "OS1", "OS4"],
    };

    // DIRAC's test_getDIRACPlatform.
    [Theory]
    [InlineData("OS1", new[] { "plat3", "plat1" })]
    [InlineData("OS2", new[] { "plat1" })]
    [InlineData("OS4", new[] { "plat3", "plat2" })]
    [InlineData("plat1", new[] { "plat1" })]
    public void Platforms_whose_os_set_contains_the_job_platform_are_returned(string os, string[] expected)
    {
        Assert.Equal(expected, PlatformCompatibility.FindCompatiblePlatforms([os], s_dirac));
    }

    // DiracX's test_find_compatible_platforms_default_implementation.
    [Fact]
    public void Results_are_ordered_highest_version_first()
    {
        var map = new Dictionary<string, HashSet<string>>
        {
            ["slc7"] = ["slc7", "centos7"],
            ["centos7"] = ["centos7"],
            ["ubuntu20"] = ["ubuntu20", "ubuntu18"],
            ["rhel8"] = ["rhel8", "centos8"],
            ["debian10"] = ["ubuntu20"],
        };

        Assert.Equal(["ubuntu20", "slc7", "debian10"], PlatformCompatibility.FindCompatiblePlatforms(["slc7", "ubuntu20"], map));
    }

    [Fact]
    public void Version_numbers_compare_numerically()
    {
        var map = new Dictionary<string, HashSet<string>>
        {
            ["Linux_x86_64_glibc-2.17"] = ["any"],
            ["Linux_x86_64_glibc-2.9"] = ["any"],
            ["Linux_x86_64_glibc-2.28"] = ["any"],
        };

        Assert.Equal(
            ["Linux_x86_64_glibc-2.28", "Linux_x86_64_glibc-2.17", "Linux_x86_64_glibc-2.9"],
            PlatformCompatibility.FindCompatiblePlatforms(["any"], map));
    }

    [Fact]
    public void Missing_compatibility_info_and_unknown_platforms_fail_with_diracs_messages()
    {
        var empty = Assert.Throws<JdlValidationException>(() =>
            PlatformCompatibility.FindCompatiblePlatforms(["slc7"], new Dictionary<string, HashSet<string>>()));
        var unknown = Assert.Throws<JdlValidationException>(() =>
            PlatformCompatibility.FindCompatiblePlatforms(["plat", "x"], s_dirac));

        Assert.Equal("OS compatibility info not found", empty.Message);
        Assert.Equal("No compatible DIRAC platform found for plat,x", unknown.Message);
    }
}
