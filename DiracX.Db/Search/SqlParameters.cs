using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.Search;

/// <summary>Positional parameters (<c>$1</c>, <c>$2</c>, ...) collected while SQL text is built.</summary>
internal sealed class SqlParameters
{
    private readonly List<NpgsqlParameter> _parameters = [];

    /// <summary>Adds a typed value and returns its placeholder.</summary>
    public string Add(object value, NpgsqlDbType type)
    {
        _parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
        return "$" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Fresh copies, as each batch command owns its parameters.</summary>
    public List<NpgsqlParameter> Copy() => [.. _parameters.Select(p => p.Clone())];
}
