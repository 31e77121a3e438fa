namespace Sms.ServiceDefaults.Validation;

/// <summary>
/// One reason a request was refused, named by the field (or parameter) it concerns: the shape every service's 400
/// reports by, so rules shared between services (<see cref="PromptRules"/>) speak the same way in each.
/// </summary>
public readonly record struct FieldError(string Field, string Message);
