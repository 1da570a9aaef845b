using System.IO.Compression;
using System.Text;

namespace DiracX.Db.Jobs;

/// <summary>
/// How JDLs are stored: the UTF-8 text as a zlib stream (RFC 1950), in <c>bytea</c>. DiracX stores
/// <c>base64(zlib(jdl))</c> in a text column (DIRAC's <c>compressJDL</c>); we keep the zlib bytes and drop the base64
/// layer, which only served MySQL text columns. A DiracX value converts with one base64 decode.
/// </summary>
public static class JdlCompression
{
    /// <summary>Compresses a JDL.</summary>
    public static byte[] Compress(string jdl)
    {
        ArgumentNullException.ThrowIfNull(jdl);
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Encoding.UTF8.GetBytes(jdl));
        }
        return output.ToArray();
    }

    /// <summary>Decompresses a stored JDL; an empty value (DiracX's placeholder before the JDL is set) gives "".</summary>
    public static string Decompress(byte[] compressed)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        if (compressed.Length == 0)
        {
            return "";
        }
        using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var reader = new StreamReader(zlib, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
