using DiracX.Core.Jdl;

namespace DiracX.Core.Tests.Jdl;

public class JobManifestTests
{
    private static readonly JobDescriptionRules s_rules = new();

    private static JdlDocument Check(string jdl, JobDescriptionRules? rules = null) =>
        JobManifest.CheckAndAddOwner(JdlParser.Parse(jdl), "alice", "dirac_user", rules ?? s_rules);

    [Fact]
    public void Owner_and_group_are_set_from_the_submitter_over_the_jdl()
    {
        var manifest = Check("""Executable = "echo"; Owner = "mallory"; OwnerGroup = "admins";""");

        Assert.Equal("alice", manifest.GetString("Owner"));
        Assert.Equal("dirac_user", manifest.GetString("OwnerGroup"));
    }

    [Fact]
    public void Missing_cpu_time_and_priority_get_the_bounded_defaults()
    {
        var defaults = Check("Executable = \"echo\";");
        var bounded = Check("Executable = \"echo\";", s_rules with { DefaultCPUTime = 10, DefaultPriority = 50 });

        Assert.Equal((86400L, 1L), (defaults.GetInt("CPUTime")!.Value, defaults.GetInt("Priority")!.Value));
        Assert.Equal((100L, 10L), (bounded.GetInt("CPUTime")!.Value, bounded.GetInt("Priority")!.Value));
    }

    [Fact]
    public void Given_values_are_kept_even_out_of_bounds_as_dirac_does_and_become_numbers()
    {
        var manifest = Check("CPUTime = \"1000000\"; Priority = -3;");

        Assert.Equal(new JdlInteger(1000000), manifest.GetValue("CPUTime"));
        Assert.Equal(new JdlInteger(-3), manifest.GetValue("Priority"));
    }

    [Theory]
    [InlineData("CPUTime = 1.5;", "CPUTime must be a number")]
    [InlineData("CPUTime = lots;", "CPUTime must be a number")]
    [InlineData("Priority = { 1, 2 };", "Priority must be a number")]
    [InlineData("Priority = 99999999999;", "Priority must be a number")]
    [InlineData("JobType = \"Production\";", "Production is not a valid value for JobType")]
    [InlineData("JobType = { \"User\", \"user\" };", "user is not a valid value for JobType")]
    public void Rule_violations_fail_with_diracs_messages(string jdl, string message)
    {
        var error = Assert.Throws<JdlValidationException>(() => Check(jdl));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Input_data_beyond_the_limit_is_rejected_counting_comma_separated_entries()
    {
        var rules = s_rules with { MaxInputData = 2 };

        var ok = Check("InputData = { \"/a\", \"/b\" };", rules);
        var error = Assert.Throws<JdlValidationException>(() => Check("InputData = \"/a,/b,/c\";", rules));

        Assert.Equal(2, ok.GetStringList("InputData").Count);
        Assert.Equal("Number of Input Data Files (3) greater than current limit: 2", error.Message);
    }

    [Fact]
    public void Allowed_job_types_come_from_the_rules()
    {
        var manifest = Check("JobType = Hospital;");

        Assert.Equal("Hospital", manifest.GetString("JobType"));
        Assert.Throws<JdlValidationException>(() => Check("JobType = Hospital;", s_rules with { AllowedJobTypes = ["User"] }));
    }
}
