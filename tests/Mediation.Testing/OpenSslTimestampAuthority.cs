using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mediation.Testing;

/// <summary>
/// An RFC 3161 time-stamping authority that is not ours: each query answered by OpenSSL's own TSA (`openssl ts
/// -reply`, a process of its own per request) with a throw-away ECDSA key and a certificate for time stamping only,
/// behind an HTTP listener on a free loopback port (RFC 3161 §3.4). It can be taken down to play an outage, and
/// verifies a token with `openssl ts -verify`, independently of .NET.
/// </summary>
public sealed class OpenSslTimestampAuthority : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _down;
    private int _answered;

    public OpenSslTimestampAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=测试时间戳服务, O=Mediation.Online tests", key, HashAlgorithmName.SHA256);
        // RFC 3161 §2.3: the TSA's certificate carries the critical extended key usage id-kp-timeStamping, only.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        Certificate = X509CertificateLoader.LoadCertificate(certificate.RawData);
        File.WriteAllText(Path("tsa.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path("tsa.key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path("serial"), "01\n");
        File.WriteAllText(Path("tsa.cnf"), $"""
            [ tsa ]
            default_tsa = tsa_config
            [ tsa_config ]
            serial = {Path("serial")}
            signer_cert = {Path("tsa.crt")}
            signer_key = {Path("tsa.key")}
            signer_digest = sha256
            default_policy = 1.3.6.1.4.1.99999.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """);
        Url = new Uri($"http://127.0.0.1:{Loopback.FreePort()}/tsa/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>The TSA's certificate, which signs every token.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>How many tokens it has given.</summary>
    public int Answered => _answered;

    /// <summary>While down, every query is answered 503 (an authority that cannot serve).</summary>
    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    /// <summary>Whether OpenSSL accepts <paramref name="token"/> (a DER TimeStampToken) as this authority's, over
    /// <paramref name="data"/>.</summary>
    public bool IndependentlyVerifies(byte[] token, byte[] data)
    {
        var name = Guid.NewGuid().ToString("N");
        File.WriteAllBytes(Path(name + ".tst"), token);
        File.WriteAllBytes(Path(name + ".dat"), data);
        var (exit, _) = OpenSsl("ts", "-verify", "-token_in", "-in", Path(name + ".tst"), "-data", Path(name + ".dat"), "-CAfile", Path("tsa.crt"));
        return exit == 0;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var response = context.Response;
            if (_down || context.Request.HttpMethod != "POST" || context.Request.ContentType != "application/timestamp-query")
            {
                response.StatusCode = _down ? 503 : 400;
                continue;
            }

            var name = Guid.NewGuid().ToString("N");
            await using (var query = File.Create(Path(name + ".tsq")))
            {
                await context.Request.InputStream.CopyToAsync(query);
            }

            var (exit, _) = OpenSsl("ts", "-reply", "-config", Path("tsa.cnf"), "-queryfile", Path(name + ".tsq"), "-out", Path(name + ".tsr"));
            if (exit != 0)
            {
                response.StatusCode = 500;
                continue;
            }

            var reply = await File.ReadAllBytesAsync(Path(name + ".tsr"));
            response.ContentType = "application/timestamp-reply";
            response.ContentLength64 = reply.Length;
            await response.OutputStream.WriteAsync(reply);
            Interlocked.Increment(ref _answered);
        }
    }

    private static (int Exit, string Output) OpenSsl(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("openssl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private string Path(string name) => System.IO.Path.Combine(_directory.Path, name);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        Certificate.Dispose();
        _stop.Dispose();
        _directory.Dispose();
    }
}
