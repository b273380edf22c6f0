using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mediation.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Mediation.Server.Hosting;

/// <summary><c>DataProtection:*</c>: the certificate that encrypts the data-protection key ring.</summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with an RSA certificate and its private key, kept outside the database (and
    /// outside its backups). Every node of a deployment uses the same one. Unset: a certificate the server makes once
    /// in <c>&lt;data&gt;/protection/</c> (one node only).</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Earlier certificates, still able to read keys written under them (rotation): paths of .pfx files
    /// protected with the same password.</summary>
    public string[] PreviousCertificatePaths { get; set; } = [];
}

/// <summary>
/// The key ring that signs and encrypts every cookie and token lives in the database, so all nodes read the same one;
/// each key in it is encrypted with a certificate that is not (RFC 3275/XML Encryption, as ASP.NET Core writes it). A
/// copy of the database alone can therefore mint no staff or party session and decrypt no authenticator secret.
/// </summary>
public static class KeyProtection
{
    public static void AddKeyProtection(this IHostApplicationBuilder builder, StorageLayout layout)
    {
        var options = builder.Configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new KeyProtectionOptions();
        X509Certificate2 certificate;
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            certificate = Load(options.CertificatePath, options.CertificatePassword);
        }
        else if (builder.Configuration["Redis:Configuration"] is { Length: > 0 })
        {
            throw new InvalidOperationException(
                "Several nodes share the key ring: set DataProtection:CertificatePath to a certificate every node has (see README, Configuration).");
        }
        else
        {
            certificate = LoadOrCreate(Path.Combine(layout.DataDirectory, "protection", "key-encryption.pfx"));
        }

        var previous = options.PreviousCertificatePaths.Select(p => Load(p, options.CertificatePassword));
        builder.Services.AddDataProtection()
            .SetApplicationName("Mediation.Online")
            .PersistKeysToDbContext<MediationDbContext>()
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate([certificate, .. previous]);
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"DataProtection certificate {path} does not exist.");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        return certificate.HasPrivateKey && certificate.GetRSAPrivateKey() is not null
            ? certificate
            : throw new InvalidOperationException($"DataProtection certificate {path} must hold an RSA private key.");
    }

    /// <summary>The embedded default: a certificate made on first start, readable by the server's user only.</summary>
    private static X509Certificate2 LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Load(path, null);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Mediation.Online key-ring encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow(); // before the host's clock exists; the validity only needs to be wide
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(30));
        var bytes = created.Export(X509ContentType.Pkcs12);
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            file.Write(bytes);
        }

        return Load(path, null);
    }
}
