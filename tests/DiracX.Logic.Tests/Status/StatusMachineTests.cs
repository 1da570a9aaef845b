using DiracX.Logic.Jobs;

namespace DiracX.Logic.Tests.Status;

public class StatusMachineTests
{
    [Theory]
    [InlineData("Received", "Checking", "Checking")]
    [InlineData("Received", "Staging", "Staging")]
    [InlineData("Received", "Running", "Received")]
    [InlineData("Submitting", "Received", "Received")]
    [InlineData("Submitting", "Waiting", "Submitting")]
    [InlineData("Waiting", "Matched", "Matched")]
    [InlineData("Matched", "Running", "Running")]
    [InlineData("Running", "Received", "Received")]
    [InlineData("Running", "Waiting", "Running")]
    [InlineData("Stalled", "Running", "Running")]
    [InlineData("Stalled", "Done", "Stalled")]
    [InlineData("Completing", "Completed", "Completed")]
    [InlineData("Completed", "Running", "Completed")]
    [InlineData("Done", "Deleted", "Deleted")]
    [InlineData("Done", "Received", "Done")]
    [InlineData("Failed", "Rescheduled", "Rescheduled")]
    [InlineData("Failed", "Received", "Failed")]
    [InlineData("Killed", "Deleted", "Deleted")]
    [InlineData("Killed", "Running", "Killed")]
    [InlineData("Rescheduled", "Received", "Received")]
    [InlineData("Deleted", "Running", "Running")]
    [InlineData("Deleted", "Received", "Received")]
    public void Transitions_follow_the_DIRAC_table_and_refused_ones_keep_the_status(string from, string to, string expected) =>
        Assert.Equal(expected, StatusMachine.Next(from, to));

    [Fact]
    public void Final_states_are_DIRACs()
    {
        Assert.Equal(["Completed", "Done", "Failed", "Killed"], StatusMachine.FinalStates.Order(StringComparer.Ordinal));
    }
}
