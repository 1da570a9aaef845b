using System.ComponentModel.DataAnnotations;
using DiracX.Routers.Hardening;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Pilots;

/// <summary>Limits of the pilots routes (configuration section <c>DiracX:Pilots</c>).</summary>
public sealed class PilotsSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DiracX:Pilots";

    /// <summary>Room for the JSON around the values.</summary>
    private const long Overhead = 64 * 1024;

    /// <summary>Most pilots (stamps) or job ids one request may name; above it the answer is 413.</summary>
    [Range(1, 10_000_000)]
    public int MaxItemsPerRequest { get; set; } = 50_000;

    /// <summary>Bytes of body allowed per pilot of a metadata patch.</summary>
    [Range(64, 1024 * 1024)]
    public int MaxBodyBytesPerPilot { get; set; } = 2048;

    /// <summary>Largest body of a search or summary.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxSearchBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>A registration: one pilot.</summary>
    public static RequestBodyLimit Registration { get; } = new(_ => Overhead);

    /// <summary>A metadata patch: a mapping per pilot.</summary>
    public static RequestBodyLimit Metadata { get; } = new(s => Of(s) is var p ? (long)p.MaxBodyBytesPerPilot * p.MaxItemsPerRequest + Overhead : 0);

    /// <summary>A job link: a stamp and a list of ids.</summary>
    public static RequestBodyLimit Jobs { get; } = new(s => 21L * Of(s).MaxItemsPerRequest + Overhead);

    /// <summary>A search or summary.</summary>
    public static RequestBodyLimit Search { get; } = new(s => Of(s).MaxSearchBodyBytes);

    /// <summary>413 when a request names more than <see cref="MaxItemsPerRequest"/> items.</summary>
    public void CheckCount(int count)
    {
        if (count > MaxItemsPerRequest)
        {
            throw new Core.Errors.PayloadTooLargeException($"At most {MaxItemsPerRequest} pilots or jobs per request");
        }
    }

    private static PilotsSettings Of(IServiceProvider services) => services.GetRequiredService<IOptions<PilotsSettings>>().Value;
}
