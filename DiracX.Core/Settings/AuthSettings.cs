using System.Buffers.Text;

namespace DiracX.Core.Settings;

/// <summary>
/// Settings of the authentication service (DiracX's <c>AuthSettings</c>).
/// </summary>
/// <remarks>
/// Each property is read from the environment variable <c>DIRACX_SERVICE_AUTH_&lt;UPPER_SNAKE_NAME&gt;</c>, as DiracX
/// does; list values are JSON lists there (e.g. <c>["RS256","Ed25519"]</c>). Cross-field rules live in
/// <see cref="Validate"/>.
/// </remarks>
public sealed class AuthSettings
{
    /// <summary>The environment variable prefix of these settings.</summary>
    public const string EnvironmentPrefix = "DIRACX_SERVICE_AUTH_";

    /// <summary>
    /// OAuth2 client identifier of the DIRAC clients (CLI, web) towards DiracX; there is no real reason to change it.
    /// Environment variable: <c>DIRACX_SERVICE_AUTH_DIRAC_CLIENT_ID</c>. Default <c>myDIRACClientID</c>.
    /// </summary>
    public string DiracClientId { get; init; } = "myDIRACClientID";

    /// <summary>
    /// Redirect URLs allowed in the authorization-code flow (must match the client registration exactly).
    /// Environment variable: <c>DIRACX_SERVICE_AUTH_ALLOWED_REDIRECTS</c> (JSON list). Default empty.
    /// </summary>
    public IReadOnlyList<string> AllowedRedirects { get; init; } = [];

    /// <summary>
    /// Seconds a device-flow request stays valid before the user must start again.
    /// Environment variable: <c>DIRACX_SERVICE_AUTH_DEVICE_FLOW_EXPIRATION_SECONDS</c>. Default 600.
    /// </summary>
    public int DeviceFlowExpirationSeconds { get; init; } = 600;

    /// <summary>
    /// Seconds an authorization code stays valid before it must be exchanged for tokens.
    /// Environment variable: <c>DIRACX_SERVICE_AUTH_AUTHORIZATION_FLOW_EXPIRATION_SECONDS</c>. Default 300.
    /// </summary>
    public int AuthorizationFlowExpirationSeconds { get; init; } = 300;

    /// <summary>
    /// Minutes a completed flow is kept before it is deleted; must exceed both flow expirations.
    /// Environment variable: <c>DIRACX_SERVICE_AUTH_COMPLETED_FLOW_RETENTION_MINUTES</c>. Default 60.
    /// </summary>
    public int CompletedFlowRetentionMinutes { get; init; } = 60;

    /// <summary>
    /// Fernet key (url-safe base64 of 32 bytes) that encrypts the state passed to the identity provider.
    /// Environment variable: <c>DIRACX_SERVICE_AUTH_STATE_KEY</c>. Required.
    /// </summary>
    public string StateKey { get; init; } = "";

    /// <summary>
    /// Issuer written to and required in the <c>iss</c> claim of access tokens.
    /// Environment variable: <c>DIRACX_SERVICE_AUTH_TOKEN_ISSUER</c>. Required.
    /// </summary>
    public string TokenIssuer { get; init; } = "";

    /// <summary>
    /// The JWKS with the private signing keys: the JSON itself, or a <c>file://</c> URL (or bare path) of a file
    /// holding it. Environment variable: <c>DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE</c>. Required.
    /// </summary>
    public string TokenKeystore { get; init; } = "";

    /// <summary>
    /// JWS algorithms accepted for signing and verification (RS256 and Ed25519 are supported).
    /// Environment variable: <c>DIRACX_SERVICE_AUTH_TOKEN_ALLOWED_ALGORITHMS</c> (JSON list). Default
    /// <c>["RS256","Ed25519"]</c>.
    /// </summary>
    public IReadOnlyList<string> TokenAllowedAlgorithms { get; init; } = ["RS256", "Ed25519"];

    /// <summary>
    /// Lifetime of access tokens in minutes.
    /// Environment variable: <c>DIRACX_SERVICE_AUTH_ACCESS_TOKEN_EXPIRE_MINUTES</c>. Default 20.
    /// </summary>
    public int AccessTokenExpireMinutes { get; init; } = 20;

    /// <summary>
    /// Lifetime of a login session's refresh tokens in minutes (rotation keeps the remaining lifetime).
    /// Environment variable: <c>DIRACX_SERVICE_AUTH_REFRESH_TOKEN_EXPIRE_MINUTES</c>. Default 60.
    /// </summary>
    public int RefreshTokenExpireMinutes { get; init; } = 60;

    /// <summary>
    /// Months a refresh token (revoked or not) is kept: older monthly partitions are dropped.
    /// Environment variable: <c>DIRACX_SERVICE_AUTH_REFRESH_TOKEN_RETENTION_MONTHS</c>. Default 6.
    /// </summary>
    public int RefreshTokenRetentionMonths { get; init; } = 6;

    /// <summary>
    /// Security properties available in this installation; <see langword="null"/> means all installed properties.
    /// Environment variable: <c>DIRACX_SERVICE_AUTH_AVAILABLE_PROPERTIES</c> (JSON list).
    /// </summary>
    public IReadOnlyList<string>? AvailableProperties { get; init; }

    /// <summary>Checks the settings and returns every problem found (empty when they are usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(TokenIssuer))
        {
            problems.Add($"{EnvironmentPrefix}TOKEN_ISSUER is required");
        }
        if (string.IsNullOrWhiteSpace(TokenKeystore))
        {
            problems.Add($"{EnvironmentPrefix}TOKEN_KEYSTORE is required");
        }
        if (!IsFernetKey(StateKey))
        {
            problems.Add($"{EnvironmentPrefix}STATE_KEY must be a Fernet key (url-safe base64 of 32 bytes)");
        }
        AddIfNotPositive(problems, "DEVICE_FLOW_EXPIRATION_SECONDS", DeviceFlowExpirationSeconds);
        AddIfNotPositive(problems, "AUTHORIZATION_FLOW_EXPIRATION_SECONDS", AuthorizationFlowExpirationSeconds);
        AddIfNotPositive(problems, "ACCESS_TOKEN_EXPIRE_MINUTES", AccessTokenExpireMinutes);
        AddIfNotPositive(problems, "REFRESH_TOKEN_EXPIRE_MINUTES", RefreshTokenExpireMinutes);
        AddIfNotPositive(problems, "REFRESH_TOKEN_RETENTION_MONTHS", RefreshTokenRetentionMonths);
        AddRetentionProblem(problems);
        AddAlgorithmProblems(problems);
        return problems;
    }

    // DiracX's check_retention_greater_than_expiration: a flow must never be deleted while it can still be used.
    private void AddRetentionProblem(List<string> problems)
    {
        var retention = (double)CompletedFlowRetentionMinutes;
        var device = DeviceFlowExpirationSeconds / 60.0;
        var authorization = AuthorizationFlowExpirationSeconds / 60.0;
        if (retention <= device || retention <= authorization)
        {
            problems.Add(
                $"completed_flow_retention_minutes ({CompletedFlowRetentionMinutes} minutes) must be bigger than "
                + $"device_flow_expiration_seconds ({device} minutes) and "
                + $"authorization_flow_expiration_seconds: ({authorization} minutes)");
        }
    }

    private void AddAlgorithmProblems(List<string> problems)
    {
        if (TokenAllowedAlgorithms.Count == 0)
        {
            problems.Add($"{EnvironmentPrefix}TOKEN_ALLOWED_ALGORITHMS must not be empty");
        }
        foreach (var algorithm in TokenAllowedAlgorithms.Where(a => !Security.JwsAlgorithms.IsSupported(a)))
        {
            problems.Add($"{EnvironmentPrefix}TOKEN_ALLOWED_ALGORITHMS: unsupported algorithm '{algorithm}'");
        }
    }

    private static void AddIfNotPositive(List<string> problems, string name, int value)
    {
        if (value <= 0)
        {
            problems.Add($"{EnvironmentPrefix}{name} must be positive (got {value})");
        }
    }

    private static bool IsFernetKey(string value)
    {
        if (string.IsNullOrEmpty(value) || value.Length != 44 || !value.EndsWith('='))
        {
            return false;
        }
        // Fernet keys are url-safe base64 with padding; Base64Url tolerates the padding character.
        var decoded = new byte[Base64Url.GetMaxDecodedLength(value.Length)];
        return Base64Url.TryDecodeFromChars(value, decoded, out var written) && written == 32;
    }
}
