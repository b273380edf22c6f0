using System.Text.RegularExpressions;
using Mediation.Domain;
using Microsoft.AspNetCore.Identity;

namespace Mediation.Server.Access;

/// <summary>ASP.NET Core Identity's refusals (English descriptions) as field errors with stable codes the web app
/// translates: <c>PasswordTooShort</c> becomes <c>password-too-short</c> on the password field, with the length.</summary>
public static partial class IdentityFieldErrors
{
    public static FieldErrors Of(IEnumerable<IdentityError> errors, string passwordField, int requiredLength)
    {
        var fields = new FieldErrors();
        foreach (var error in errors)
        {
            switch (error.Code)
            {
                case nameof(IdentityErrorDescriber.PasswordMismatch):
                    fields.Add("currentPassword", "password-wrong", "The current password is wrong.");
                    break;
                case nameof(IdentityErrorDescriber.PasswordTooShort):
                    fields.Add(passwordField, "password-too-short", error.Description, requiredLength);
                    break;
                case { } code when code.StartsWith("Password", StringComparison.Ordinal):
                    fields.Add(passwordField, Kebab(code), error.Description);
                    break;
                case nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName):
                    fields.Add("email", "email-taken", "An account with this e-mail address exists already.");
                    break;
                case nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName):
                    fields.Add("email", "email-invalid", "Not a valid e-mail address.");
                    break;
                default:
                    fields.Add("account", "account-refused", error.Description);
                    break;
            }
        }

        return fields;
    }

    /// <summary>PasswordRequiresDigit → password-requires-digit.</summary>
    private static string Kebab(string code) => UpperCase().Replace(code, m => (m.Index > 0 ? "-" : "") + m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]")]
    private static partial Regex UpperCase();
}
