using System.Security.Cryptography;

namespace Fountain.Chain.Identity;

/// <summary>
/// An ECDSA P-256 key pair: a masternode's or an owner's identity (DESIGN.md, "Identities"). The identity's id
/// is the SHA3-256 of the public key in SubjectPublicKeyInfo form, as 64 lower-case hex digits. Signatures are
/// IEEE P1363 (r ‖ s, 64 bytes) over SHA-256 of the signed bytes, so they have one fixed size.
/// </summary>
public sealed class NodeKey : IDisposable
{
    private readonly ECDsa _key;

    private NodeKey(ECDsa key)
    {
        _key = key;
        PublicKey = key.ExportSubjectPublicKeyInfo();
        Id = PublicKeys.IdOf(PublicKey);
    }

    /// <summary>The public key, SubjectPublicKeyInfo DER.</summary>
    public byte[] PublicKey { get; }

    /// <summary>SHA3-256 of <see cref="PublicKey"/>, hex.</summary>
    public string Id { get; }

    public string PublicKeyBase64 => Convert.ToBase64String(PublicKey);

    public static NodeKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Reads a PKCS#8 PEM private key, as <see cref="Save"/> writes it.</summary>
    public static NodeKey Load(string path)
    {
        var key = ECDsa.Create();
        try { key.ImportFromPem(File.ReadAllText(path)); }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidDataException($"'{path}' is not a PEM ECDSA private key.", e);
        }
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidDataException($"'{path}' holds a {key.KeySize}-bit key; Fountain identities are P-256.");
        }
        return new NodeKey(key);
    }

    /// <summary>Loads the key at <paramref name="path"/>, or creates one there (readable by its owner only) if there is none.</summary>
    public static NodeKey LoadOrCreate(string path)
    {
        if (File.Exists(path)) return Load(path);
        var key = Create();
        key.Save(path);
        return key;
    }

    /// <summary>Writes the private key as PKCS#8 PEM to a new file that only its owner may read.</summary>
    public void Save(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var file = new FileStream(path, options);
        using var writer = new StreamWriter(file);
        writer.Write(_key.ExportPkcs8PrivateKeyPem());
    }

    public byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
