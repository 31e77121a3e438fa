using Sms.ServiceDefaults.Numbers;

namespace Sms.Conversations.Http;

/// <summary>The check of a phone number in a route (<c>/v1/contacts/{number}</c>, <c>/by-number/{customerNumber}</c>): E.164. Pure.</summary>
public static class PhoneNumberParameterValidator
{
    /// <summary>The title of the problem a number that is not one answers.</summary>
    public const string Title = "Not a phone number";

    /// <returns>The parameter and what is wrong with it; empty when it is an E.164 number.</returns>
    public static Dictionary<string, string[]> Validate(string field, string value)
    {
        var errors = new Dictionary<string, string[]>();
        if (!PhoneNumbers.IsE164(value))
            errors[field] = ["Must be an E.164 phone number such as +447700900123, with the plus URL-encoded as %2B."];
        return errors;
    }
}
