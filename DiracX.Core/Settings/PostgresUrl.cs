namespace DiracX.Core.Settings;

/// <summary>Converts DiracX's SQLAlchemy-style database URLs to Npgsql connection strings.</summary>
public static class PostgresUrl
{
    private static readonly string[] s_postgresSchemes = ["postgresql", "postgres", "postgresql+asyncpg", "postgresql+psycopg"];

    /// <summary>
    /// Converts <c>postgresql://user:password@host:port/database?sslmode=require</c> to
    /// <c>Host=host;Port=port;Username=user;Password=password;Database=database;SSL Mode=Require</c>.
    /// A value that is already a key=value connection string is returned unchanged.
    /// </summary>
    /// <param name="settingName">The variable the URL came from, named in errors.</param>
    /// <param name="value">The URL.</param>
    public static string ToConnectionString(string settingName, string value)
    {
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            if (value.Contains('=', StringComparison.Ordinal))
            {
                return value;
            }
            throw new InvalidOperationException($"{settingName} is not a database URL (expected postgresql://user:password@host:port/database).");
        }
        var scheme = value[..schemeEnd].ToLowerInvariant();
        if (scheme.StartsWith("mysql", StringComparison.Ordinal) || scheme.StartsWith("sqlite", StringComparison.Ordinal) ||
            scheme.StartsWith("oracle", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{settingName} is a {scheme.Split('+')[0]} URL, but DiracX for .NET runs on PostgreSQL only: " +
                "give a postgresql://user:password@host:port/database URL.");
        }
        if (!s_postgresSchemes.Contains(scheme))
        {
            throw new InvalidOperationException($"{settingName} has an unsupported scheme '{scheme}': give a postgresql:// URL.");
        }
        var uri = new Uri("postgresql" + value[schemeEnd..]);
        var parts = new List<string> { $"Host={uri.Host}" };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            parts.Add($"Port={uri.Port}");
        }
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            parts.Add($"Username={Quote(Uri.UnescapeDataString(userInfo[0]))}");
        }
        if (userInfo.Length > 1)
        {
            parts.Add($"Password={Quote(Uri.UnescapeDataString(userInfo[1]))}");
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            parts.Add($"Database={Quote(database)}");
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv[0].Equals("sslmode", StringComparison.OrdinalIgnoreCase) && kv.Length == 2)
            {
                parts.Add($"SSL Mode={Uri.UnescapeDataString(kv[1])}");
            }
        }
        return string.Join(';', parts);
    }

    private static string Quote(string value) =>
        value.IndexOfAny([';', '=', '\'', '"', ' ']) < 0 ? value : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}

/// <summary>Converts <c>redis://[:password@]host[:port][/db]</c> URLs to StackExchange.Redis connection strings.</summary>
public static class RedisUrl
{
    /// <summary>Converts a redis:// URL; other values are returned unchanged.</summary>
    public static string ToConnectionString(string value)
    {
        if (!value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }
        var uri = new Uri(value);
        var result = $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 6379)}";
        var password = uri.UserInfo.Split(':', 2) is [_, var p] ? Uri.UnescapeDataString(p) : null;
        if (!string.IsNullOrEmpty(password))
        {
            result += $",password={password}";
        }
        if (uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase))
        {
            result += ",ssl=true";
        }
        var db = uri.AbsolutePath.Trim('/');
        return db.Length > 0 ? result + $",defaultDatabase={db}" : result;
    }
}
