using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Mediation.Documents.Layout;
using Mediation.Documents.Signing;
using Mediation.Documents.Verification;
using Mediation.Testing;

// dotnet run -c Release --project bench/Mediation.Documents.Benchmarks -- [iterations]
// Render + sign one agreement (render, one party's signature with a fresh event key and certificate), and verify
// a document with four signatures; the size of the two-page agreement, unsigned and with its four signatures.
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var now = SampleDocuments.Now;
using var authority = SigningAuthority.Create("Mediation.Online 基准", now.AddDays(-1));
using var sealKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var spec = SampleDocuments.Agreement();
var drawing = SampleDocuments.Drawing();

byte[] SignSlot(byte[] pdf, string slot, string name, DateTimeOffset at)
{
    using var certificate = authority.IssueForSigning(SampleDocuments.Signer(name, "申请人"), at);
    return PadesSigner.Sign(pdf, new SignatureRequest(slot, certificate, [], at, name, "调解协议签署", drawing)).Pdf!;
}

// Warm-up: fonts loaded, JIT done.
var unsigned = PdfRenderer.Render(spec, now);
var signed = SignSlot(SignSlot(SignSlot(unsigned, "applicant", "张三", now), "respondent", "李四", now.AddMinutes(1)), "mediator", "王五", now.AddMinutes(2));
using (var seal = authority.IssueSeal(new SignerIdentity("淄博市张店区劳动人事争议调解委员会", "调解组织", null, null, null), now.AddDays(-30), sealKey))
{
    signed = PadesSigner.Sign(signed, new SignatureRequest("seal", seal, [], now.AddMinutes(3), "淄博市张店区劳动人事争议调解委员会", "加盖调解组织电子印章", null)).Pdf!;
}

var verifier = new PdfSignatureVerifier([authority.Certificate]);
if (!verifier.Verify(signed).AllValid)
{
    Console.Error.WriteLine("the four-signature document does not verify");
    return 1;
}

var renderSign = Measure(() => SignSlot(PdfRenderer.Render(spec, now), "applicant", "张三", now));

// B-T: the same signature time-stamped by OpenSSL's TSA on loopback (one `openssl ts -reply` process per token, so
// this is an upper bound of what the signing adds beside a real TSA's own network time).
using var tsa = new OpenSslTimestampAuthority();
using var http = new HttpClient();
var timestamps = new HttpTimestampAuthority(http, tsa.Url);
byte[] SignSlotTimestamped(byte[] pdf)
{
    using var certificate = authority.IssueForSigning(SampleDocuments.Signer("张三", "申请人"), now);
    var request = new SignatureRequest("applicant", certificate, [], now, "张三", "调解协议签署", drawing) { Timestamps = timestamps };
    return PadesSigner.SignAsync(pdf, request).GetAwaiter().GetResult().Pdf!;
}

var bt = SignSlotTimestamped(unsigned);
var renderSignTimestamped = Measure(() => SignSlotTimestamped(PdfRenderer.Render(spec, now)));
var render = Measure(() => PdfRenderer.Render(spec, now));
var verify = Measure(() => verifier.Verify(signed));
Console.WriteLine($"iterations {iterations}");
Console.WriteLine($"render + sign:         p50 {renderSign.P50:0.0} ms  p95 {renderSign.P95:0.0} ms");
Console.WriteLine($"render + sign B-T:     p50 {renderSignTimestamped.P50:0.0} ms  p95 {renderSignTimestamped.P95:0.0} ms (OpenSSL TSA on loopback)");
Console.WriteLine($"render alone:          p50 {render.P50:0.0} ms  p95 {render.P95:0.0} ms");
Console.WriteLine($"verify, 4 signatures:  p50 {verify.P50:0.0} ms  p95 {verify.P95:0.0} ms");
Console.WriteLine($"size: unsigned {unsigned.Length / 1024.0:0.0} KB, four signatures {signed.Length / 1024.0:0.0} KB, one B-T signature {bt.Length / 1024.0:0.0} KB");
return 0;

(double P50, double P95) Measure(Action action)
{
    var times = new List<double>();
    for (var i = 0; i < iterations; i++)
    {
        var watch = Stopwatch.StartNew();
        action();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    return (times[times.Count / 2], times[(int)(times.Count * 0.95)]);
}
