using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Mediation.Server.Hosting;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog: console (plain text in Development, compact JSON elsewhere, for log shippers), a daily rolling
    /// compact-JSON file in the data directory, and request logging. Every sink sits behind
    /// <see cref="MaskingSink"/>, so no identity-card or phone number leaves the process in full, and all of
    /// them behind one background writer: a request never waits for the console or the disk (the case API load
    /// test measured per-line flushed writes on the request path; bench/README.md).
    /// Levels and extra sinks come from the <c>Serilog</c> configuration section.
    /// </summary>
    public static IHostApplicationBuilder AddMediationLogging(this IHostApplicationBuilder builder)
    {
        var layout = builder.ResolveStorageLayout();
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            // It logs every refused hub call (a typed HubException the page expects) as an error with a stack trace;
            // SessionHubErrors logs the unexpected ones instead.
            .MinimumLevel.Override("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogEventLevel.Fatal)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Application", "Mediation.Server")
            .WriteTo.Async(background => background.Masked(sinks =>
            {
                if (development)
                {
                    sinks.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
                }
                else
                {
                    sinks.Console(new RenderedCompactJsonFormatter());
                }

                // One process owns a data directory, so the file needs no cross-process lock; written in blocks
                // and flushed every second rather than per line.
                sinks.File(new CompactJsonFormatter(), Path.Combine(layout.LogDirectory, "mediation-.log"),
                    rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31, buffered: true, flushToDiskInterval: TimeSpan.FromSeconds(1));
            }), bufferSize: 100_000, blockWhenFull: false),
            // Each host keeps its own logger instead of the process-wide Log.Logger, so two hosts in one
            // process (the test suite) never write into each other's files.
            preserveStaticLogger: true);
        return builder;
    }

    public static LoggerConfiguration Masked(this LoggerSinkConfiguration sinks, Action<LoggerSinkConfiguration> configure) =>
        sinks.Sink(LoggerSinkConfiguration.Wrap(inner => new MaskingSink(inner), configure));
}
