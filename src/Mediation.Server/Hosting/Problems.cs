using System.Text.Json.Serialization;
using Mediation.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Mediation.Server.Hosting;

/// <summary>
/// RFC 7807 problem details for every error. Each problem carries a stable <c>code</c> (also the last part of
/// its <c>type</c> URI) that clients switch on and the web app translates; <c>title</c> and <c>detail</c> are
/// for people reading the API.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:mediation:problem:";

    public static ProblemHttpResult Of(int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?> { ["code"] = code };
        if (extensions is not null)
        {
            foreach (var (k, v) in extensions)
            {
                all[k] = v;
            }
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypePrefix + code, extensions: all);
    }

    public static ProblemHttpResult NotFound(string code, string title) => Of(StatusCodes.Status404NotFound, code, title);

    public static ProblemHttpResult Forbidden(string code, string title, string? detail = null) => Of(StatusCodes.Status403Forbidden, code, title, detail);

    /// <summary>409: the caller edited from a stale copy (optimistic concurrency).</summary>
    public static ProblemHttpResult StaleVersion(string code, string what) =>
        Of(StatusCodes.Status409Conflict, code, $"The {what} changed since you loaded it.", "Reload and try again.");

    /// <summary>A rule of the domain refused the change: 409 when the state forbids it now, 400 when the input is wrong.</summary>
    public static ProblemHttpResult Refused(Domain.DomainResult result, params string[] conflictCodes) =>
        Of(conflictCodes.Contains(result.ErrorCode) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, result.ErrorCode!, result.Message!);

    /// <summary>400 with the problems of each field, keyed by the field's JSON path, for forms to show beside it: each a
    /// stable code the web app translates (with its limit, where it has one) and an English message.</summary>
    public static ProblemHttpResult Validation(string title, FieldErrors errors) =>
        Of(StatusCodes.Status400BadRequest, "validation-failed", title, extensions: new Dictionary<string, object?> { ["errors"] = errors.ByField });

    public static ProblemHttpResult Validation(string title, string field, string code, string message, int? limit = null) =>
        Validation(title, FieldErrors.Of(field, code, message, limit));

    /// <summary>Writes a problem outside an endpoint (authentication, rate limiting).</summary>
    public static Task WriteAsync(HttpContext http, int status, string code, string title, string? detail = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypePrefix + code };
        problem.Extensions["code"] = code;
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }).AsTask();
    }

    /// <summary>API conventions: problem details for every error, enums as their names in JSON, numbers as numbers
    /// (the web defaults also read "12" as 12, which makes every number of the OpenAPI document "integer or string"
    /// and every type the web app generates from it a union).</summary>
    public static IHostApplicationBuilder AddApiConventions(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // Framework-made problems (model binding, unhandled exceptions) get a code too.
            if (!ctx.ProblemDetails.Extensions.ContainsKey("code"))
            {
                var code = ctx.ProblemDetails.Status switch
                {
                    400 => "bad-request",
                    404 => "not-found",
                    405 => "method-not-allowed",
                    415 => "unsupported-media-type",
                    _ when ctx.ProblemDetails.Status >= 500 => "server-error",
                    _ => "error",
                };
                ctx.ProblemDetails.Extensions["code"] = code;
                ctx.ProblemDetails.Type = TypePrefix + code;
            }

            if (ctx.Exception is { } failure && Outages.CodeOf(failure) is { } outage)
            {
                ctx.ProblemDetails.Title = "The service is briefly unavailable; nothing was saved.";
                ctx.ProblemDetails.Detail = "Try again in a moment.";
                ctx.ProblemDetails.Extensions["code"] = outage;
                ctx.ProblemDetails.Type = TypePrefix + outage;
            }

            if (ctx.Exception is BadHttpRequestException)
            {
                // The framework's message names the server's parameters and types ("Failed to read parameter
                // \"SignInRequest request\"…"): the caller gets what it needs, not how the server is built.
                ctx.ProblemDetails.Title = "The request could not be read.";
                ctx.ProblemDetails.Detail = "Send a JSON body of the shape the API documents, with every required value.";
                ctx.ProblemDetails.Extensions["code"] = "request-unreadable";
                ctx.ProblemDetails.Type = TypePrefix + "request-unreadable";
            }

            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
        });
        return builder;
    }
}
