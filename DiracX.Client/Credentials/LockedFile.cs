using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DiracX.Client.Credentials;

/// <summary>
/// A file held under an exclusive advisory lock, compatible with Python's <c>fcntl.flock(f, fcntl.LOCK_EX)</c> on the
/// same file (DiracX's client takes that lock to read or refresh the credentials). The lock is released on dispose.
/// </summary>
/// <remarks>
/// .NET's own <see cref="FileStream"/> takes a non-blocking shared <c>flock</c> when it opens a path, which would fail
/// while a Python process holds the exclusive lock; so on Unix the file is opened with <c>open(2)</c> and locked with
/// <c>flock(2)</c> here, waiting (asynchronously) until the lock is granted.
/// </remarks>
public sealed class LockedFile : IDisposable
{
    private const int LockEx = 2;
    private const int LockNb = 4;
    private const int Ewouldblock = 11;
    private const int EwouldblockMac = 35;
    private const int Eintr = 4;

    private LockedFile(FileStream stream) => Stream = stream;

    /// <summary>The locked file, positioned at its start.</summary>
    public FileStream Stream { get; }

    /// <summary>Opens (creating it with mode 0600 when <paramref name="create"/>) and locks <paramref name="path"/>.</summary>
    /// <returns>The locked file, or null when it does not exist and <paramref name="create"/> is false.</returns>
    public static async Task<LockedFile?> OpenAsync(string path, bool create, CancellationToken cancellationToken)
    {
        if (create)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        if (OperatingSystem.IsWindows())
        {
            return await OpenWindowsAsync(path, create, cancellationToken).ConfigureAwait(false);
        }
        var flags = 2 /* O_RDWR */ | (OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000) /* O_CLOEXEC */;
        if (create)
        {
            flags |= OperatingSystem.IsMacOS() ? 0x200 : 0x40; // O_CREAT
        }
        var fd = NativeMethods.Open(System.Text.Encoding.UTF8.GetBytes(path + "\0"), flags, Convert.ToInt32("600", 8));
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (!create && errno == 2 /* ENOENT */)
            {
                return null;
            }
            throw new IOException($"Cannot open {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            while (NativeMethods.Flock(fd, LockEx | LockNb) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is not (Ewouldblock or EwouldblockMac or Eintr))
                {
                    throw new IOException($"Cannot lock {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
                }
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
            return new LockedFile(new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static async Task<LockedFile?> OpenWindowsAsync(string path, bool create, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new LockedFile(new FileStream(path, create ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1));
            }
            catch (FileNotFoundException) when (!create)
            {
                return null;
            }
            catch (IOException)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The whole content.</summary>
    public async Task<string> ReadAllTextAsync(CancellationToken cancellationToken)
    {
        Stream.Position = 0;
        using var reader = new StreamReader(Stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the content in place (truncate, write, fsync), as DiracX's client does under the lock.</summary>
    public async Task WriteAllTextAsync(string text, CancellationToken cancellationToken)
    {
        Stream.Position = 0;
        Stream.SetLength(0);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        await Stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        Stream.Flush(flushToDisk: true);
    }

    /// <summary>Closes the file, which releases the lock.</summary>
    public void Dispose() => Stream.Dispose();

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Open(byte[] nulTerminatedUtf8Path, int flags, int mode);

        [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Flock(int fd, int operation);
    }
}
