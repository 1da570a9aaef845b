using DiracX.Core.Jdl;

namespace DiracX.Core.Tests.Jdl;

public class JobPreparationTests
{
    private static readonly JobDescriptionRules s_rules = new();
    private static readonly JobOwner s_owner = new("alice", "dirac_user", "vo");
    private static readonly Dictionary<string, HashSet<string>> s_osCompatibility = new()
    {
        ["el9"] = ["el9", "alma9"],
        ["el8"] = ["el8"],
    };

    private static PreparedJob Prepare(string jdl, long jobId = 42)
    {
        var manifest = JobManifest.CheckAndAddOwner(JdlParser.Parse(jdl), s_owner.Owner, s_owner.OwnerGroup, s_rules);
        return JobPreparation.PrepareJob(manifest, jobId, s_owner, s_rules,
            platforms => PlatformCompatibility.FindCompatiblePlatforms(platforms, s_osCompatibility));
    }

    [Fact]
    public void The_stored_jdl_has_owner_vo_job_id_defaults_and_requirements_sorted_by_name()
    {
        var job = Prepare(JdlExamples.DiracXTestJdl);

        Assert.Equal(job.Jdl.Names.Order(StringComparer.Ordinal), job.Jdl.Names);
        Assert.Equal("alice", job.Jdl.GetString("Owner"));
        Assert.Equal("dirac_user", job.Jdl.GetString("OwnerGroup"));
        Assert.Equal("vo", job.Jdl.GetString("VirtualOrganization"));
        Assert.Equal(42, job.Jdl.GetInt("JobID"));
        Assert.Equal(86400, job.Jdl.GetInt("CPUTime"));
        Assert.Equal("DIRAC.Core.Utilities.InputDataResolution", job.Jdl.GetString("InputDataModule"));
        Assert.Equal("LocalSoftwareDist", job.Jdl.GetString("SoftwareDistModule"));
        var requirements = Assert.IsType<JdlClassAd>(job.Jdl.GetValue("JobRequirements")).Document;
        Assert.Equal(["CPUTime", "Owner", "OwnerGroup", "UserPriority", "VirtualOrganization"], requirements.Names);
        Assert.Equal(1, requirements.GetInt("UserPriority"));
        Assert.Equal(job.Jdl, JdlParser.Parse(JdlWriter.Write(job.Jdl)));
    }

    [Fact]
    public void Job_attributes_are_read_from_the_jdl()
    {
        var job = Prepare(JdlExamples.DiracXTestJdl);

        Assert.Equal(("jobName", "User", "jobGroup", "ANY", 1), (job.JobName, job.JobType, job.JobGroup, job.Site, job.UserPriority));
        Assert.Equal("Multiple", Prepare("Site = { \"LCG.A.a\", \"LCG.B.b\" };").Site);
        Assert.Null(Prepare("Executable = \"echo\";").JobName);
    }

    [Fact]
    public void The_job_id_placeholder_is_replaced()
    {
        var job = Prepare("""OutputData = { "/vo/user/a/alice/%j/out.root" }; JobName = "job_%j";""", jobId: 7);

        Assert.Equal("job_7", job.JobName);
        Assert.Equal(["/vo/user/a/alice/7/out.root"], job.Jdl.GetStringList("OutputData"));
    }

    [Fact]
    public void Preparing_jobs_from_one_manifest_never_changes_it()
    {
        var manifest = JobManifest.CheckAndAddOwner(
            JdlParser.Parse("""JobName = "job_%j"; Nested = { [ A = "%j"; ] };"""),
            s_owner.Owner, s_owner.OwnerGroup, s_rules);
        var before = JdlWriter.Write(manifest);

        var first = JobPreparation.PrepareJob(manifest, 1, s_owner, s_rules, _ => []);
        var second = JobPreparation.PrepareJob(manifest, 2, s_owner, s_rules, _ => []);

        Assert.Equal(before, JdlWriter.Write(manifest));
        Assert.Equal("job_1", first.JobName);
        Assert.Equal("job_2", second.JobName);
        Assert.Equal("2", Assert.IsType<JdlClassAd>(Assert.Single(Assert.IsType<JdlList>(second.Jdl.GetValue("Nested")).Items)).Document.GetString("A"));
        Assert.Equal("1", Assert.IsType<JdlClassAd>(Assert.Single(Assert.IsType<JdlList>(first.Jdl.GetValue("Nested")).Items)).Document.GetString("A"));
        Assert.Null(manifest.GetInt("JobID"));
    }

    [Fact]
    public void Lists_without_the_placeholder_are_shared_unless_they_hold_a_classad()
    {
        var manifest = JdlParser.Parse("""OutputSandbox = { "std.out", "std.err" }; Plain = { [ B = "x"; ] };""");
        var job = JdlPlaceholders.SubstituteJobId(manifest, 3);

        // Lists of immutable values need no copy; a ClassAd's document can be changed, so its list is copied.
        Assert.Same(manifest.GetValue("OutputSandbox"), job.GetValue("OutputSandbox"));
        var copied = Assert.IsType<JdlClassAd>(Assert.Single(Assert.IsType<JdlList>(job.GetValue("Plain")).Items)).Document;
        copied.SetString("B", "changed");
        Assert.Equal("x", Assert.IsType<JdlClassAd>(Assert.Single(Assert.IsType<JdlList>(manifest.GetValue("Plain")).Items)).Document.GetString("B"));
    }

    [Fact]
    public void Sorting_by_name_is_ordinal_and_copies_nested_classads()
    {
        var document = JdlParser.Parse("""b = 1; B = 2; _c = 3; a = [ z = 1; y = 2; ];""");
        var sorted = document.SortedByName();

        Assert.Equal(["B", "_c", "a", "b"], sorted.Names);
        Assert.Equal(["z", "y"], Assert.IsType<JdlClassAd>(sorted.GetValue("a")).Document.Names);
        Assert.NotSame(Assert.IsType<JdlClassAd>(document.GetValue("a")).Document, Assert.IsType<JdlClassAd>(sorted.GetValue("a")).Document);
        Assert.Equal(2, sorted.GetInt("B"));
        Assert.Equal(["b", "B", "_c", "a"], document.Names);
    }

    [Fact]
    public void Input_data_lfns_are_listed()
    {
        Assert.Equal(["/vo/a", "/vo/b"], Prepare("""InputData = { "/vo/a", "/vo/b" };""").InputData);
    }

    [Fact]
    public void Platforms_are_resolved_into_the_requirements()
    {
        var job = Prepare("Platform = alma9;");

        var requirements = ((JdlClassAd)job.Jdl.GetValue("JobRequirements")!).Document;
        Assert.Equal(["el9"], requirements.GetStringList("Platforms"));
    }

    [Theory]
    [InlineData("Platform = solaris;", "No compatible DIRAC platform found for solaris")]
    [InlineData("VirtualOrganization = \"other\";", "Wrong Virtual Organization in JDL")]
    [InlineData("Parameters.X = { 1 };", "Parameters in the JDL are not supported")]
    public void Preparation_errors_carry_diracs_messages(string jdl, string message)
    {
        var manifest = JdlParser.Parse(jdl);
        manifest.SetString("Owner", "alice");
        manifest.SetString("OwnerGroup", "dirac_user");
        if (jdl.StartsWith("Parameters", StringComparison.Ordinal))
        {
            manifest.SetInt("Parameters", 1);
        }

        var error = Assert.Throws<JdlValidationException>(() => JobPreparation.PrepareJob(manifest, 1, s_owner, s_rules,
            platforms => PlatformCompatibility.FindCompatiblePlatforms(platforms, s_osCompatibility)));

        Assert.Equal(message, error.Message);
    }
}
