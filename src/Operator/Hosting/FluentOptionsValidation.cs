using FluentValidation;
using Microsoft.Extensions.Options;

namespace Multi.Operator.Hosting;

/// <summary>Runs the FluentValidation rules when the options are first used (ValidateOnStart).</summary>
internal sealed class FluentOptionsValidation<T>(IValidator<T> validator) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var result = validator.Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
