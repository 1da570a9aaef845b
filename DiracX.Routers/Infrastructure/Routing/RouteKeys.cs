using System.Text;
using System.Text.RegularExpressions;

namespace DiracX.Routers.Infrastructure.Routing;

/// <summary>Helpers for route identity and naming.</summary>
public static partial class RouteKeys
{
    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();

    /// <summary><c>/api/jobs/{job_id}/</c> and <c>/API/jobs/{id}</c> are the same route: <c>/api/jobs/{}</c>.</summary>
    public static string Normalize(string pattern)
    {
        var p = Parameter().Replace(pattern.Trim(), "{}").ToLowerInvariant();
        return p.Length > 1 ? p.TrimEnd('/') : p;
    }

    /// <summary><c>SubmitJdlJobs</c> becomes <c>submit_jdl_jobs</c>.</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
