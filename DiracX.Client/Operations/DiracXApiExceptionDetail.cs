using DiracX.Client.Operations;

namespace DiracX.Client.Generated;

// The generated exception's message is the OpenAPI description of the status code ("Refused by the route's access
// policy"); the server's own words are in the body, which callers should not have to parse.
public partial class DiracXApiException
{
    /// <summary>The server's <c>detail</c> (DiracX's error body) as text; null when the body has none.</summary>
    public string? Detail => DiracXErrors.Detail(Response);
}
