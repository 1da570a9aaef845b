namespace DiracX.Client;

/// <summary>What the client tells the server about itself.</summary>
public static class DiracXClientInfo
{
    /// <summary>The header that carries the client version (DiracX's <c>DiracX-Client-Version</c>).</summary>
    public const string VersionHeader = "DiracX-Client-Version";

    /// <summary>The version this client sends.</summary>
    public static string Version => Core.DiracXVersion.Current;
}
