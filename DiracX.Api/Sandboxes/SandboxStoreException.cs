namespace DiracX.Api.Sandboxes;

/// <summary>
/// The sandbox store (not the DiracX server) failed or refused a transfer: it could not be reached, or it answered an
/// error to a presigned POST or GET. Failures of the DiracX server keep their own exceptions.
/// </summary>
public sealed class SandboxStoreException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SandboxStoreException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }

    /// <summary>Runs a call to the store, turning an HTTP failure into a <see cref="SandboxStoreException"/>.</summary>
    internal static async Task<HttpResponseMessage> OnStoreAsync(Func<Task<HttpResponseMessage>> call, string what)
    {
        HttpResponseMessage response;
        try
        {
            response = await call();
        }
        catch (HttpRequestException e)
        {
            throw new SandboxStoreException($"The sandbox store failed: {e.Message}", e);
        }
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw new SandboxStoreException($"The sandbox store refused the {what}: {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
        return response;
    }
}
