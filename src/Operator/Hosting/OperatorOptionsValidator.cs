using FluentValidation;
using Microsoft.Extensions.Options;

namespace Multi.Operator.Hosting;

internal sealed class OperatorOptionsValidator : AbstractValidator<OperatorOptions>
{
    public OperatorOptionsValidator()
    {
        RuleFor(o => o.Mode)
            .Must(m => m is "manager" or "agent")
            .WithMessage(o => $"Operator:Mode must be \"manager\" or \"agent\", not \"{o.Mode}\"");
        RuleFor(o => o.NodeName)
            .NotEmpty()
            .When(o => o.Mode == "agent")
            .WithMessage("Operator:NodeName is required in agent mode");
    }
}

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
