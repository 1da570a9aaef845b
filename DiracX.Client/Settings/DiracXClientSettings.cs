namespace DiracX.Client.Settings;

/// <summary>How <c>dirac</c> and the API print results (DiracX's <c>OutputFormats</c>).</summary>
public enum OutputFormat
{
    /// <summary>Not set: tables on a terminal, JSON when the output is piped.</summary>
    Auto,

    /// <summary>Tables and coloured JSON (DiracX's <c>RICH</c>).</summary>
    Rich,

    /// <summary>Plain JSON (DiracX's <c>JSON</c>).</summary>
    Json,
}

/// <summary>
/// The client preferences of DiracX's <c>DiracxPreferences</c>, read from the environment: <c>DIRACX_URL</c>,
/// <c>DIRACX_CA_PATH</c>, <c>DIRACX_OUTPUT_FORMAT</c>, <c>DIRACX_CREDENTIALS_PATH</c>, and the dotenv files named by
/// <c>DIRACX_DOTENV</c> and <c>DIRACX_DOTENV_1</c>, <c>DIRACX_DOTENV_2</c>, ... (environment variables win over files).
/// </summary>
public sealed record DiracXClientSettings
{
    /// <summary>The environment variable naming the server.</summary>
    public const string UrlVariable = "DIRACX_URL";

    /// <summary>The environment variable naming a CA bundle (PEM file or directory of PEM files) to trust.</summary>
    public const string CaPathVariable = "DIRACX_CA_PATH";

    /// <summary>The environment variable choosing RICH or JSON output.</summary>
    public const string OutputFormatVariable = "DIRACX_OUTPUT_FORMAT";

    /// <summary>The environment variable naming the credentials file.</summary>
    public const string CredentialsPathVariable = "DIRACX_CREDENTIALS_PATH";

    /// <summary>The environment variable naming a dotenv file (and its numbered siblings).</summary>
    public const string DotenvVariable = "DIRACX_DOTENV";

    /// <summary>The OAuth client id of the DiracX CLI.</summary>
    public const string DefaultClientId = "myDIRACClientID";

    /// <summary>The DiracX server (<c>DIRACX_URL</c>); null when not configured.</summary>
    public Uri? Url { get; init; }

    /// <summary>A PEM file or a directory of PEM files with the CAs to trust instead of the system's (<c>DIRACX_CA_PATH</c>).</summary>
    public string? CaPath { get; init; }

    /// <summary>RICH or JSON output (<c>DIRACX_OUTPUT_FORMAT</c>).</summary>
    public OutputFormat OutputFormat { get; init; }

    /// <summary>The credentials file (<c>DIRACX_CREDENTIALS_PATH</c>, default <c>~/.cache/diracx/credentials.json</c>).</summary>
    public string CredentialsPath { get; init; } = DefaultCredentialsPath;

    /// <summary>The OAuth client id sent to the token endpoint.</summary>
    public string ClientId { get; init; } = DefaultClientId;

    /// <summary><c>~/.cache/diracx/credentials.json</c>.</summary>
    public static string DefaultCredentialsPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "diracx", "credentials.json");

    /// <summary>Reads the settings from the process environment.</summary>
    public static DiracXClientSettings FromEnvironment() => FromEnvironment(ProcessEnvironment());

    /// <summary>Reads the settings from <paramref name="environment"/> and the dotenv files it names.</summary>
    /// <exception cref="ArgumentException">A setting has an invalid value (the message names it).</exception>
    public static DiracXClientSettings FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var file in DotenvFiles(environment))
        {
            foreach (var (key, value) in Dotenv.Read(file))
            {
                values[key] = value;
            }
        }
        foreach (var (key, value) in environment)
        {
            values[key] = value;
        }
        string? Get(string name) => values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        Uri? url = null;
        if (Get(UrlVariable) is { } rawUrl)
        {
            if (!Uri.TryCreate(rawUrl, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"{UrlVariable} is not an http(s) URL: {rawUrl}");
            }
        }
        var format = Get(OutputFormatVariable)?.ToUpperInvariant() switch
        {
            null => OutputFormat.Auto,
            "RICH" => OutputFormat.Rich,
            "JSON" => OutputFormat.Json,
            var other => throw new ArgumentException($"{OutputFormatVariable} must be RICH or JSON, not {other}"),
        };
        return new DiracXClientSettings
        {
            Url = url,
            CaPath = Get(CaPathVariable),
            OutputFormat = format,
            CredentialsPath = Get(CredentialsPathVariable) is { } path ? ExpandHome(path) : DefaultCredentialsPath,
        };
    }

    /// <summary>The process environment as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string;
        }
        return result;
    }

    private static IEnumerable<string> DotenvFiles(IReadOnlyDictionary<string, string?> environment)
    {
        if (environment.TryGetValue(DotenvVariable, out var first) && !string.IsNullOrWhiteSpace(first))
        {
            yield return ExpandHome(first);
        }
        foreach (var (key, value) in environment
                     .Where(e => e.Key.StartsWith(DotenvVariable + "_", StringComparison.Ordinal) && int.TryParse(e.Key.AsSpan(DotenvVariable.Length + 1), out _))
                     .OrderBy(e => int.Parse(e.Key.AsSpan(DotenvVariable.Length + 1), System.Globalization.CultureInfo.InvariantCulture)))
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                yield return ExpandHome(value);
            }
        }
    }

    private static string ExpandHome(string path) => path.StartsWith("~/", StringComparison.Ordinal)
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
        : path;
}
