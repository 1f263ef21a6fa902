// Lowering of expressions (operators already folded by SwiftOperators): literals, names, collections, operators,
// calls with trailing closures, member access, subscripts, closures and force unwraps. Anything else (`try`,
// `as`, key paths, optional chaining, `if` as a value…) is rejected with its construct's name.

import SwiftSyntax
import SwiftParser

extension Lowering {
    /// The binary operators the interpreter implements (Interpreter+Operators.swift).
    static let binaryOperators: Set<String> = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "??", "..<", "..."]
    static let compoundAssignments: Set<String> = ["+=", "-=", "*=", "/=", "%="]

    mutating func expr(_ e: ExprSyntax) throws -> Expr {
        let at = location(e)
        if let lit = e.as(IntegerLiteralExprSyntax.self) {
            guard let value = lit.representedLiteralValue else {
                throw Diagnostic(message: "integer literal '\(lit.literal.text)' overflows when stored into 'Int'", location: at)
            }
            return .intLiteral(value, at)
        }
        if let lit = e.as(FloatLiteralExprSyntax.self) {
            guard let value = lit.representedLiteralValue, value.isFinite else { throw unsupported(lit, "this float literal") }
            return .literal(.double(value), at)
        }
        if let lit = e.as(BooleanLiteralExprSyntax.self) { return .literal(.bool(lit.literal.tokenKind == .keyword(.true)), at) }
        if e.is(NilLiteralExprSyntax.self) { return .literal(.optional(nil), at) }
        if let lit = e.as(StringLiteralExprSyntax.self) { return try string(lit) }
        if let ref = e.as(DeclReferenceExprSyntax.self) {
            if let names = ref.argumentNames { throw unsupported(names, "function reference with argument labels") }
            let name = ref.baseName.text
            if name.hasPrefix("$"), let n = Int(name.dropFirst()), !dollarUses.isEmpty { dollarUses[dollarUses.count - 1] = max(dollarUses[dollarUses.count - 1], n + 1) }
            return .name(name, at)
        }
        if let array = e.as(ArrayExprSyntax.self) { return .array(try array.elements.map { try expr($0.expression) }, at) }
        if let dictionary = e.as(DictionaryExprSyntax.self) {
            guard case .elements(let elements) = dictionary.content else { return .dictionary([], at) }
            return .dictionary(try elements.map { (try expr($0.key), try expr($0.value)) }, at)
        }
        if let tuple = e.as(TupleExprSyntax.self) {
            if tuple.elements.count == 1, let only = tuple.elements.first, only.label == nil { return try expr(only.expression) }
            if tuple.elements.isEmpty { return .literal(.void, at) }
            return .tuple(try arguments(tuple.elements), at)
        }
        if let prefix = e.as(PrefixOperatorExprSyntax.self) {
            let op = prefix.operator.text
            guard ["-", "!", "+"].contains(op) else { throw unsupported(prefix.operator, "prefix operator '\(op)'") }
            let operand = try expr(prefix.expression)
            if op == "-", case .intLiteral(let value, _) = operand { return .intLiteral(-value, at) }
            return .prefix(op, operand, at)
        }
        if let infix = e.as(InfixOperatorExprSyntax.self) { return try self.infix(infix) }
        if let ternary = e.as(TernaryExprSyntax.self) {
            return .ternary(try expr(ternary.condition), try expr(ternary.thenExpression), try expr(ternary.elseExpression), at)
        }
        if let call = e.as(FunctionCallExprSyntax.self) {
            var args = try arguments(call.arguments)
            if let trailing = call.trailingClosure { args.append(CallArgument(label: nil, value: .closure(try closure(trailing), location(trailing)), trailing: true)) }
            for extra in call.additionalTrailingClosures {
                args.append(CallArgument(label: extra.label.text, value: .closure(try closure(extra.closure), location(extra.closure)), trailing: true))
            }
            return .call(try expr(call.calledExpression), args, call.calledExpression.as(MemberAccessExprSyntax.self).map { location($0.declName) } ?? location(call))
        }
        if let member = e.as(MemberAccessExprSyntax.self) {
            if let names = member.declName.argumentNames { throw unsupported(names, "method reference with argument labels") }
            return .member(try member.base.map { try expr($0) }, member.declName.baseName.text, location(member.declName))
        }
        if let sub = e.as(SubscriptCallExprSyntax.self) {
            if let trailing = sub.trailingClosure { throw unsupported(trailing, "trailing closure in a subscript") }
            return .subscripted(try expr(sub.calledExpression), try arguments(sub.arguments), at)
        }
        if let closure = e.as(ClosureExprSyntax.self) { return .closure(try self.closure(closure), at) }
        if let unwrap = e.as(ForceUnwrapExprSyntax.self) { return .forceUnwrap(try expr(unwrap.expression), location(unwrap.exclamationMark)) }
        if e.is(IfExprSyntax.self) { throw unsupported(e, "'if' as an expression") }
        if e.is(SwitchExprSyntax.self) { throw unsupported(e, "'switch' as an expression") }
        if e.is(OptionalChainingExprSyntax.self) { throw unsupported(e, "optional chaining") }
        if e.is(TryExprSyntax.self) { throw unsupported(e, "'try'") }
        if e.is(AwaitExprSyntax.self) { throw unsupported(e, "'await'") }
        if e.is(AsExprSyntax.self) { throw unsupported(e, "'as' cast") }
        if e.is(IsExprSyntax.self) { throw unsupported(e, "'is' check") }
        if e.is(InOutExprSyntax.self) { throw unsupported(e, "'&' (inout argument)") }
        if e.is(KeyPathExprSyntax.self) { throw unsupported(e, "key path") }
        if e.is(MacroExpansionExprSyntax.self) { throw unsupported(e, "macro") }
        if e.is(RegexLiteralExprSyntax.self) { throw unsupported(e, "regex literal") }
        throw unsupported(e)
    }

    private mutating func arguments(_ list: LabeledExprListSyntax) throws -> [CallArgument] {
        try list.map { CallArgument(label: $0.label?.text, value: try expr($0.expression)) }
    }

    private mutating func infix(_ infix: InfixOperatorExprSyntax) throws -> Expr {
        let at = location(infix.operator)
        let lhs = try expr(infix.leftOperand), rhs = try expr(infix.rightOperand)
        if infix.operator.is(AssignmentExprSyntax.self) {
            try checkAssignable(lhs, infix.leftOperand)
            return .assign(target: lhs, op: nil, value: rhs, at)
        }
        guard let op = infix.operator.as(BinaryOperatorExprSyntax.self)?.operator.text else { throw unsupported(infix.operator) }
        if Lowering.compoundAssignments.contains(op) {
            try checkAssignable(lhs, infix.leftOperand)
            return .assign(target: lhs, op: String(op.dropLast()), value: rhs, at)
        }
        guard Lowering.binaryOperators.contains(op) else { throw unsupported(infix.operator, "operator '\(op)'") }
        return .binary(op, lhs, rhs, at)
    }

    /// Assignment targets: a name, an element (`a[i]`, `a[i][j]`), a tuple element (`t.0`) or an unwrapped optional.
    private func checkAssignable(_ target: Expr, _ node: ExprSyntax) throws {
        switch target {
        case .name: return
        case .subscripted(let base, _, _), .forceUnwrap(let base, _), .member(let base?, _, _): try checkAssignable(base, node)
        default: throw unsupported(node, "assignment to this expression")
        }
    }

    mutating func closure(_ c: ClosureExprSyntax) throws -> FunctionDecl {
        var parameters: [FunctionDecl.Parameter] = []
        if let signature = c.signature {
            if let capture = signature.capture { throw unsupported(capture, "capture list") }
            if let effects = signature.effectSpecifiers { throw unsupported(effects, "'\(effects.trimmedDescription)' closure") }
            switch signature.parameterClause {
            case .simpleInput(let names): parameters = names.map { .init(label: nil, name: $0.name.text) }
            case .parameterClause(let clause):
                parameters = clause.parameters.map { .init(label: nil, name: ($0.secondName ?? $0.firstName).text, type: $0.type?.trimmedDescription) }
            case nil: break
            }
        }
        dollarUses.append(0)
        let body = block(c.statements)
        let dollars = dollarUses.removeLast()
        return FunctionDecl(name: "closure", parameters: parameters, returnType: c.signature?.returnClause?.type.trimmedDescription,
                            body: body, usesDollar: c.signature == nil, dollarCount: dollars, location: location(c))
    }

    /// A string literal: plain text segments unescaped as Swift does, `\(…)` segments as expressions.
    private mutating func string(_ lit: StringLiteralExprSyntax) throws -> Expr {
        if let plain = lit.representedLiteralValue { return .literal(.string(plain), location(lit)) }
        var parts: [InterpolationPart] = []
        for segment in lit.segments {
            switch segment {
            case .stringSegment(let text):
                // One segment at a time, inside the literal's own quotes, so escapes and indentation follow Swift.
                let single = lit.with(\.segments, StringLiteralSegmentListSyntax([.stringSegment(text)]))
                guard let value = single.representedLiteralValue else { throw unsupported(text, "this string literal") }
                parts.append(.text(value))
            case .expressionSegment(let interpolation):
                guard interpolation.expressions.count == 1, let only = interpolation.expressions.first, only.label == nil else {
                    throw unsupported(interpolation, "interpolation with labels or several values")
                }
                parts.append(.expr(try expr(only.expression)))
            }
        }
        return .interpolation(parts, location(lit))
    }
}
