using System.Net;
using DiracX.Db.Counters;

namespace DiracX.Logic.Auth;

/// <summary>
/// Counts failed user-code entries per client address in a fixed window, so that user codes cannot be guessed. The
/// counts live in the <see cref="IAttemptCounterStore"/>: shared by every replica through Redis when one is
/// configured, per process otherwise. The client address is the socket peer, or the entry a trusted proxy added to
/// <c>X-Forwarded-For</c> (ASP.NET's forwarded-headers middleware has already applied it); requests without a known
/// address share one budget <see cref="UnknownAddressFactor"/> times larger, so that they cannot lock every device
/// login out.
/// </summary>
public sealed class UserCodeAttemptLimiter(IAttemptCounterStore store, AuthFlowSettings settings)
{
    /// <summary>How many times one client's budget the requests without a known address share.</summary>
    public const int UnknownAddressFactor = 100;

    private readonly int _limit = settings.UserCodeAttemptLimit;
    private readonly TimeSpan _window = TimeSpan.FromSeconds(settings.UserCodeAttemptWindowSeconds);

    /// <summary>Throws when the address (null: unknown) has used up its failed attempts in the current window.</summary>
    /// <exception cref="TooManyAttemptsException">The address must wait.</exception>
    public async Task ThrowIfBlockedAsync(IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(Key(clientAddress), _window, cancellationToken);
        if (current.Count >= Limit(clientAddress))
        {
            throw new TooManyAttemptsException(current.Remaining);
        }
    }

    /// <summary>Counts one failed attempt of the address (null: unknown).</summary>
    public Task RecordFailureAsync(IPAddress? clientAddress, CancellationToken cancellationToken) =>
        store.IncrementAsync(Key(clientAddress), _window, cancellationToken);

    private long Limit(IPAddress? clientAddress) => clientAddress is null ? (long)_limit * UnknownAddressFactor : _limit;

    private static string Key(IPAddress? clientAddress) => clientAddress is null
        ? "diracx:auth:user-code-failures:unknown-address"
        : $"diracx:auth:user-code-failures:{(clientAddress.IsIPv4MappedToIPv6 ? clientAddress.MapToIPv4() : clientAddress)}";
}
