using DiracX.Core.Configuration;

namespace DiracX.Api.Configuration;

/// <summary><c>dirac internal config validate &lt;file-or-repo&gt;</c>: checks a configuration before it is deployed.</summary>
public static class ConfigValidator
{
    /// <summary>
    /// Validates a YAML file, a local repository folder, or a <c>git+file</c>/<c>git+https</c> URL (at its revision).
    /// </summary>
    /// <returns>Every problem as <c>path: message</c>; empty when the configuration is valid.</returns>
    /// <exception cref="ConfigSourceException">The file or repository cannot be read.</exception>
    public static async Task<IReadOnlyList<string>> ValidateAsync(string fileOrRepo, ConfigSchema schema,
        CancellationToken cancellationToken)
    {
        if (File.Exists(fileOrRepo))
        {
            return Problems(() => ConfigParser.Parse(File.ReadAllText(fileOrRepo), schema));
        }
        try
        {
            await GitConfigSource.Create(fileOrRepo, schema).ReadAsync(cancellationToken);
            return [];
        }
        catch (ConfigValidationException e)
        {
            return e.Problems;
        }
    }

    private static IReadOnlyList<string> Problems(Action parse)
    {
        try
        {
            parse();
            return [];
        }
        catch (ConfigValidationException e)
        {
            return e.Problems;
        }
    }
}
