using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace DiracX.Core.Security;

/// <summary>
/// Access tokens already verified, with their claims, until their <c>exp</c>: a client sends the same token with every
/// request for its lifetime, and checking its signature again each time was most of an authenticated request's CPU.
/// Keyed by the SHA-256 of the token string (the token itself is not kept). Bounded: when full, expired entries go,
/// and if none has expired the cache starts over. <see cref="Flush"/> forgets everything; call it whenever the keystore
/// changes (a key removed must stop verifying tokens at once).
/// </summary>
public sealed class VerifiedTokenCache(int capacity = VerifiedTokenCache.DefaultCapacity)
{
    /// <summary>The default number of tokens kept.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<Hash, AccessTokenPayload> _entries = new();
    private int _count;

    /// <summary>The number of tokens kept now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The cached claims of <paramref name="token"/>, if it was verified and has not expired at <paramref name="now"/>.</summary>
    public bool TryGet(string token, DateTimeOffset now, out AccessTokenPayload? claims)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_entries.TryGetValue(Hash.Of(token), out var cached) && now < cached.Exp)
        {
            claims = cached;
            return true;
        }
        claims = null;
        return false;
    }

    /// <summary>Remembers the claims of a token that has just been verified (until its <c>exp</c>).</summary>
    public void Add(string token, AccessTokenPayload claims, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(claims);
        if (Count >= capacity)
        {
            Evict(now);
        }
        if (_entries.TryAdd(Hash.Of(token), claims))
        {
            Interlocked.Increment(ref _count);
        }
    }

    /// <summary>Forgets every verified token (the keystore changed).</summary>
    public void Flush()
    {
        _entries.Clear();
        Volatile.Write(ref _count, 0);
    }

    private void Evict(DateTimeOffset now)
    {
        foreach (var (key, claims) in _entries)
        {
            if (now >= claims.Exp && _entries.TryRemove(key, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }
        if (Count >= capacity)
        {
            Flush();
        }
    }

    private readonly record struct Hash(Guid Low, Guid High)
    {
        public static Hash Of(string token)
        {
            var byteCount = Encoding.UTF8.GetByteCount(token);
            var rented = byteCount <= 4096 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(byteCount);
            Span<byte> bytes = rented ?? stackalloc byte[4096];
            try
            {
                var written = Encoding.UTF8.GetBytes(token, bytes);
                Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
                SHA256.HashData(bytes[..written], digest);
                return new Hash(new Guid(digest[..16]), new Guid(digest[16..]));
            }
            finally
            {
                if (rented is not null)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }
}
