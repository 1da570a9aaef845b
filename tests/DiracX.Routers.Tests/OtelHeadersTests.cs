namespace DiracX.Routers.Tests;

public class OtelHeadersTests
{
    // DIRACX_OTEL_HEADERS is a JSON mapping in DiracX; it stays a string setting and becomes OTLP's key=value list.
    [Fact]
    public void Otel_headers_as_a_json_mapping_become_otlp_headers()
    {
        Assert.Equal("Authorization=Bearer%20x,a=b", Microsoft.Extensions.Hosting.ServiceDefaultsExtensions.OtlpHeaders("""{"Authorization":"Bearer x","a":"b"}"""));
        Assert.Equal("a=b", Microsoft.Extensions.Hosting.ServiceDefaultsExtensions.OtlpHeaders("a=b"));
    }
}
