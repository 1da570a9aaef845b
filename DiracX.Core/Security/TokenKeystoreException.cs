namespace DiracX.Core.Security;

/// <summary>
/// The token keystore (DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE) cannot be loaded or used: bad JSON, an unusable key (named
/// by its <c>kid</c>), no signing key, or a signing algorithm outside the allow-list.
/// </summary>
/// <remarks>Messages never contain key material.</remarks>
public sealed class TokenKeystoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TokenKeystoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the failure that caused it.</summary>
    public TokenKeystoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
