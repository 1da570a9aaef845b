using System.Text.Json;
using DiracX.Core.Configuration;

namespace DiracX.Routers.Configuration;

/// <summary>The configuration serialised once per revision: clients download it often and it rarely changes.</summary>
public sealed class ConfigResponseCache
{
    private (string Revision, byte[] Json)? _last;

    /// <summary>The JSON of a snapshot (DiracX's shape, nulls kept).</summary>
    public byte[] JsonOf(ConfigSnapshot snapshot)
    {
        if (_last is { } last && last.Revision == snapshot.Revision)
        {
            return last.Json;
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(snapshot.Config, ConfigParser.JsonOptions);
        _last = (snapshot.Revision, json);
        return json;
    }
}
