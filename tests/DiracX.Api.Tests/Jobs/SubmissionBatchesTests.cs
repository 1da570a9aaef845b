using DiracX.Api.Jobs;

namespace DiracX.Api.Tests.Jobs;

public class SubmissionBatchesTests
{
    private static string Plain(int i) => $"[Executable = \"echo\"; JobName = \"j{i}\";]";

    [Fact]
    public void Plain_jdls_go_in_batches_of_the_limit_in_order()
    {
        var jdls = Enumerable.Range(0, 45).Select(Plain).ToList();
        var batches = JobsApi.Batches(jdls, 20);
        Assert.Equal([20, 20, 5], batches.Select(b => b.Count));
        Assert.Equal(jdls, batches.SelectMany(b => b));
    }

    [Fact]
    public void Each_parametric_jdl_goes_alone_and_the_order_is_kept()
    {
        const string parametric = "[Executable = \"echo\"; Parameters = {\"a\", \"b\"};]";
        const string broken = "[Executable = ";
        var jdls = new List<string> { Plain(0), Plain(1), parametric, Plain(2), broken, parametric };
        var batches = JobsApi.Batches(jdls, 20);
        Assert.Equal(
            [[Plain(0), Plain(1)], [parametric], [Plain(2), broken], [parametric]],
            batches.Select(b => b.ToArray()).ToArray());
    }
}
