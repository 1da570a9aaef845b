using DiracX.Db.Counters;

namespace DiracX.Logic.Auth;

/// <summary>
/// Counts failed user-code entries per client address in a fixed window, so that user codes cannot be guessed. The
/// counts live in the <see cref="IAttemptCounterStore"/>: shared by every replica through Redis when one is
/// configured, per process otherwise.
/// </summary>
public sealed class UserCodeAttemptLimiter(IAttemptCounterStore store, AuthFlowSettings settings)
{
    private readonly int _limit = settings.UserCodeAttemptLimit;
    private readonly TimeSpan _window = TimeSpan.FromSeconds(settings.UserCodeAttemptWindowSeconds);

    /// <summary>Throws when the address has used up its failed attempts in the current window.</summary>
    /// <exception cref="TooManyAttemptsException">The address must wait.</exception>
    public async Task ThrowIfBlockedAsync(string clientAddress, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(Key(clientAddress), _window, cancellationToken);
        if (current.Count >= _limit)
        {
            throw new TooManyAttemptsException(current.Remaining);
        }
    }

    /// <summary>Counts one failed attempt of the address.</summary>
    public Task RecordFailureAsync(string clientAddress, CancellationToken cancellationToken) =>
        store.IncrementAsync(Key(clientAddress), _window, cancellationToken);

    private static string Key(string clientAddress) => $"diracx:auth:user-code-failures:{clientAddress}";
}
