namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Groups the token stream into statements and blocks. Braces must balance: a stray '}' is HV0010, a '{' still
/// open at the end is HV0011 at that '{'. A '{' alone on the line after a keyword opens that keyword's block,
/// as in the Allman style some configurations use.
/// </summary>
internal static class KeepalivedBlockTree
{
    public static List<KeepalivedNode> Build(IReadOnlyList<KeepalivedToken> tokens, DiagnosticBag diagnostics)
    {
        var roots = new List<KeepalivedNode>();
        var open = new Stack<(KeepalivedNode Owner, List<KeepalivedNode> Statements)>();
        var statements = roots;
        KeepalivedToken? keyword = null;
        var arguments = new List<KeepalivedToken>();

        // The statement just ended by a line break, which a '{' on the next line may still open a block for.
        KeepalivedNode? awaitingBlock = null;

        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case KeepalivedTokenKind.Word or KeepalivedTokenKind.QuotedString:
                    awaitingBlock = null;
                    if (keyword is null)
                    {
                        keyword = token;
                    }
                    else
                    {
                        arguments.Add(token);
                    }
                    break;

                case KeepalivedTokenKind.EndOfLine:
                    awaitingBlock = FinishStatement();
                    break;

                case KeepalivedTokenKind.OpenBrace:
                    var owner = FinishStatement() ?? awaitingBlock ?? AddStatement(token);
                    awaitingBlock = null;
                    open.Push((owner, statements));
                    statements = owner.OpenBlock(token.Location);
                    break;

                case KeepalivedTokenKind.CloseBrace:
                    FinishStatement();
                    awaitingBlock = null;
                    if (open.Count == 0)
                    {
                        diagnostics.Error(DiagnosticCodes.UnexpectedCloseBrace, token.Location,
                            "'}' does not close any block");
                    }
                    else
                    {
                        statements = open.Pop().Statements;
                    }
                    break;
            }
        }
        FinishStatement();

        // Report the outermost unclosed block first: it is usually the one missing its '}'.
        foreach (var (owner, _) in open.Reverse())
        {
            diagnostics.Error(DiagnosticCodes.UnclosedBlock, owner.BlockLocation,
                $"'{{' of {owner.Name} is never closed");
        }
        return roots;

        KeepalivedNode? FinishStatement()
        {
            if (keyword is not { } written)
            {
                return null;
            }
            var node = AddStatement(written);
            keyword = null;
            return node;
        }

        KeepalivedNode AddStatement(KeepalivedToken written)
        {
            var node = new KeepalivedNode(written, written.Kind == KeepalivedTokenKind.OpenBrace ? [] : [.. arguments]);
            arguments.Clear();
            statements.Add(node);
            return node;
        }
    }
}
