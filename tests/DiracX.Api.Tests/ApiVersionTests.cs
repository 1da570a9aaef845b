namespace DiracX.Api.Tests;

public class ApiVersionTests
{
    [Fact]
    public void The_api_library_reports_the_client_version()
    {
        Assert.Equal(Core.DiracXVersion.Current, DiracXApi.Version);
    }
}
