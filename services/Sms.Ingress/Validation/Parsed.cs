using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Validation;

/// <summary>The outcome of reading untrusted input: a value, or every reason there is none.</summary>
public sealed class Parsed<T> where T : class
{
    private Parsed(T? value, IReadOnlyList<FieldError> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The value; null exactly when <see cref="Errors"/> is not empty.</summary>
    public T? Value { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public bool Succeeded => Value is not null;

    public static Parsed<T> Ok(T value) => new(value, []);

    public static Parsed<T> Fail(IReadOnlyList<FieldError> errors) =>
        errors.Count > 0 ? new(null, errors) : throw new ArgumentException("A failure needs at least one error.", nameof(errors));

    public static Parsed<T> Fail(string field, string message) => new(null, [new FieldError(field, message)]);

    /// <summary>Errors grouped by field, the shape of the <c>errors</c> member of a validation problem.</summary>
    public IDictionary<string, string[]> ErrorsByField() =>
        Errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
}
