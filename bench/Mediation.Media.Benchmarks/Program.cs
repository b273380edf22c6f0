using BenchmarkDotNet.Running;
using Mediation.Media.Benchmarks;

// dotnet run -c Release --project bench/Mediation.Media.Benchmarks -- srtp
// dotnet run -c Release --project bench/Mediation.Media.Benchmarks -- echo [packets] [packets/s]
// dotnet run -c Release --project bench/Mediation.Media.Benchmarks -- sfu [seconds per run]
switch (args.FirstOrDefault())
{
    case "srtp":
        BenchmarkRunner.Run<SrtpBenchmarks>(args: args[1..]);
        break;
    case "echo":
        await EchoLoad.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20_000);
        break;
    case "sfu":
        await SfuLoad.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
        break;
    default:
        Console.WriteLine("usage: srtp | echo [packets] [packets-per-second] | sfu [seconds]");
        return 2;
}

return 0;
