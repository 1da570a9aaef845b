namespace DiracX.Api;

/// <summary>Entry point of the high-level DiracX operations.</summary>
public static class DiracXApi
{
    /// <summary>The version of the API library, equal to the client's.</summary>
    public static string Version => Client.DiracXClientInfo.Version;
}
