// From Swift source to the notebook AST: parse with SwiftParser, report parse errors from SwiftParserDiagnostics,
// fold operator sequences with SwiftOperators' standard table, then lower statements (this file) and expressions
// (Lowering+Expressions.swift). Every construct outside the DESIGN.md §5 subset becomes a diagnostic
// "<construct> is not supported in notebooks" at its line and column, before anything runs; StaticChecks.swift
// then reports the errors Swift's compiler would (misplaced jumps, assigning a constant, a missing return).

import SwiftDiagnostics
import SwiftOperators
import SwiftParser
import SwiftParserDiagnostics
import SwiftSyntax

struct Lowering {
    let converter: SourceLocationConverter
    /// The highest `$n` used by each closure being lowered, innermost last.
    var dollarUses: [Int] = []
    /// Rejections found so far; lowering goes on after one, statement by statement, to report them all at once.
    private(set) var diagnostics: [Diagnostic] = []

    /// Parses and lowers `file`: the program, or the diagnostics that stop it from running.
    static func lower(_ file: SourceFile) -> Result<[Stmt], DiagnosticList> {
        if let tooDeep = bracketNesting(file.text) { return .failure(DiagnosticList(items: [tooDeep])) }
        let tree = Parser.parse(source: file.text)
        let converter = SourceLocationConverter(fileName: file.name, tree: tree)
        let parseErrors = ParseDiagnosticsGenerator.diagnostics(for: tree)
        if !parseErrors.isEmpty {
            return .failure(DiagnosticList(items: parseErrors.map { diagnostic($0, converter) }))
        }
        var foldErrors: [OperatorError] = []
        let folded = OperatorTable.standardOperators.foldAll(tree) { foldErrors.append($0) }
        if !foldErrors.isEmpty {
            return .failure(DiagnosticList(items: foldErrors.map { diagnostic($0.asDiagnostic, converter) }))
        }
        guard let source = folded.as(SourceFileSyntax.self) else {
            return .failure(DiagnosticList(items: [Diagnostic(message: "cannot read this source", location: SourceLocation(line: 1, column: 1))]))
        }
        var lowering = Lowering(converter: converter)
        let program = lowering.block(source.statements)
        if !lowering.diagnostics.isEmpty { return .failure(DiagnosticList(items: lowering.diagnostics)) }
        let errors = StaticChecks.check(program)
        return errors.isEmpty ? .success(program) : .failure(DiagnosticList(items: errors))
    }

    /// Deepest `[` nesting accepted. Parsing nested brackets takes time exponential in their depth (20 levels:
    /// seconds; 22: minutes), so deeper sources are refused before the parser sees them.
    static let maximumBracketNesting = 16

    /// A diagnostic at the first `[` nested deeper than `maximumBracketNesting`, outside comments and string
    /// literals (a rough scan: escaped quotes and multi-line strings are approximated).
    static func bracketNesting(_ text: String) -> Diagnostic? {
        var depth = 0, line = 1, column = 0, inString = false, inComment = false, previous: UInt8 = 0
        for byte in text.utf8 {
            column += 1
            defer { previous = byte }
            if byte == UInt8(ascii: "\n") { (line, column, inComment, inString) = (line + 1, 0, false, false); continue }
            if inComment { continue }
            if byte == UInt8(ascii: "\""), previous != UInt8(ascii: "\\") { inString.toggle(); continue }
            if inString { continue }
            if byte == UInt8(ascii: "/"), previous == UInt8(ascii: "/") { inComment = true; continue }
            if byte == UInt8(ascii: "[") {
                depth += 1
                if depth > maximumBracketNesting {
                    return Diagnostic(message: "brackets nested more than \(maximumBracketNesting) deep are not supported in notebooks",
                                      location: SourceLocation(line: line, column: column))
                }
            } else if byte == UInt8(ascii: "]") {
                depth = max(0, depth - 1)
            }
        }
        return nil
    }

    /// The parse errors alone, as swift-syntax reports them.
    static func parseErrors(_ file: SourceFile) -> [Diagnostic] {
        let tree = Parser.parse(source: file.text)
        let converter = SourceLocationConverter(fileName: file.name, tree: tree)
        return ParseDiagnosticsGenerator.diagnostics(for: tree).map { diagnostic($0, converter) }
    }

    /// A swift-syntax diagnostic as ours; its notes and fix-its keep their messages.
    private static func diagnostic(_ d: SwiftDiagnostics.Diagnostic, _ converter: SourceLocationConverter) -> Diagnostic {
        var at = d.location(converter: converter)
        // A missing token (`expected ')'`) sits after the previous token's trailing trivia, comments included;
        // point right after the previous token instead, where the compiler points.
        if d.node.totalLength.utf8Length == 0, let previous = d.node.previousToken(viewMode: .sourceAccurate) {
            at = converter.location(for: previous.endPositionBeforeTrailingTrivia)
        }
        let severity: Diagnostic.Severity = d.diagMessage.severity == .warning ? .warning : .error
        return Diagnostic(severity: severity, message: d.message, location: SourceLocation(line: at.line, column: at.column),
                          notes: d.notes.map(\.message), fixIts: d.fixIts.map(\.message.message))
    }

    // MARK: Locations and rejections

    func location(_ node: some SyntaxProtocol) -> SourceLocation {
        let at = node.startLocation(converter: converter)
        return SourceLocation(line: at.line, column: at.column)
    }

    /// The diagnostic for a construct outside the subset, named after its syntax kind
    /// (`RepeatStmtSyntax` → "repeat statement") unless `construct` names it.
    func unsupported(_ node: some SyntaxProtocol, _ construct: String? = nil) -> Diagnostic {
        Diagnostic(message: "\(construct ?? Lowering.constructName(node)) is not supported in notebooks", location: location(node))
    }

    static func constructName(_ node: some SyntaxProtocol) -> String {
        var kind = "\(node.syntaxNodeType)"
        if kind.hasSuffix("Syntax") { kind.removeLast("Syntax".count) }
        var words: [String] = []
        for character in kind {
            if character.isUppercase || words.isEmpty { words.append(String(character).lowercased()) } else { words[words.count - 1].append(character) }
        }
        let names = ["decl": "declaration", "stmt": "statement", "expr": "expression"]
        return words.map { names[$0] ?? $0 }.joined(separator: " ")
    }

    // MARK: Statements

    /// Lowers a list of statements, recording the rejection of each statement that falls outside the subset.
    mutating func block(_ items: CodeBlockItemListSyntax) -> [Stmt] {
        var statements: [Stmt] = []
        for item in items {
            do {
                switch item.item {
                case .decl(let decl): statements += try self.decl(decl)
                case .stmt(let stmt): statements += try self.stmt(stmt)
                case .expr(let expr): statements.append(try statement(expr))
                }
            } catch let diagnostic as Diagnostic {
                diagnostics.append(diagnostic)
            } catch {
                diagnostics.append(Diagnostic(message: "\(error)", location: location(item)))
            }
        }
        return statements
    }

    mutating func block(_ block: CodeBlockSyntax) -> [Stmt] { self.block(block.statements) }

    /// An expression in statement position: `if` and `switch` are statements here.
    mutating func statement(_ expr: ExprSyntax) throws -> Stmt {
        if let ifExpr = expr.as(IfExprSyntax.self) { return try ifStatement(ifExpr) }
        if let switchExpr = expr.as(SwitchExprSyntax.self) { return try switchStatement(switchExpr) }
        return .expr(try self.expr(expr))
    }

    mutating func stmt(_ stmt: StmtSyntax) throws -> [Stmt] {
        let at = location(stmt)
        if let s = stmt.as(ExpressionStmtSyntax.self) { return [try statement(s.expression)] }
        if let s = stmt.as(ReturnStmtSyntax.self) { return [.returnStmt(try s.expression.map { try expr($0) }, at)] }
        if let s = stmt.as(BreakStmtSyntax.self) {
            if let label = s.label { throw unsupported(label, "labeled break") }
            return [.breakStmt(at)]
        }
        if let s = stmt.as(ContinueStmtSyntax.self) {
            if let label = s.label { throw unsupported(label, "labeled continue") }
            return [.continueStmt(at)]
        }
        if let s = stmt.as(GuardStmtSyntax.self) { return [.guardStmt(try conditions(s.conditions), else: block(s.body), at)] }
        if let s = stmt.as(WhileStmtSyntax.self) { return [.whileStmt(try conditions(s.conditions), body: block(s.body), at)] }
        if let s = stmt.as(ForStmtSyntax.self) {
            if let keyword = s.tryKeyword ?? s.awaitKeyword { throw unsupported(keyword, "'\(keyword.text)' in a for loop") }
            if let keyword = s.caseKeyword { throw unsupported(keyword, "'for case'") }
            let sequence = try expr(s.sequence)
            let whereClause = try s.whereClause.map { try expr($0.condition) }
            return [.forIn(try pattern(s.pattern), sequence: sequence, whereClause: whereClause, body: block(s.body), at)]
        }
        if stmt.is(FallThroughStmtSyntax.self) { throw unsupported(stmt, "'fallthrough'") }
        if stmt.is(RepeatStmtSyntax.self) { throw unsupported(stmt, "'repeat-while' loop") }
        if stmt.is(DoStmtSyntax.self) { throw unsupported(stmt, "'do' statement") }
        if stmt.is(ThrowStmtSyntax.self) { throw unsupported(stmt, "'throw'") }
        if stmt.is(DeferStmtSyntax.self) { throw unsupported(stmt, "'defer'") }
        throw unsupported(stmt)
    }

    mutating func decl(_ decl: DeclSyntax) throws -> [Stmt] {
        if let d = decl.as(ImportDeclSyntax.self) {
            let module = d.path.map(\.name.text).joined(separator: ".")
            guard ["Foundation", "ProRankKit"].contains(module), d.importKindSpecifier == nil else {
                throw unsupported(d, "import of '\(module)'")
            }
            return []
        }
        if let d = decl.as(VariableDeclSyntax.self) { return try variable(d) }
        if let d = decl.as(FunctionDeclSyntax.self) { return [.function(try function(d))] }
        if decl.is(StructDeclSyntax.self) { throw unsupported(decl, "'struct'") }
        if decl.is(ClassDeclSyntax.self) { throw unsupported(decl, "'class'") }
        if decl.is(EnumDeclSyntax.self) { throw unsupported(decl, "'enum'") }
        if decl.is(ProtocolDeclSyntax.self) { throw unsupported(decl, "'protocol'") }
        if decl.is(ExtensionDeclSyntax.self) { throw unsupported(decl, "'extension'") }
        if decl.is(TypeAliasDeclSyntax.self) { throw unsupported(decl, "'typealias'") }
        throw unsupported(decl)
    }

    mutating func variable(_ d: VariableDeclSyntax) throws -> [Stmt] {
        if let modifier = d.modifiers.first { throw unsupported(modifier, "'\(modifier.name.text)' modifier") }
        if let attribute = d.attributes.first { throw unsupported(attribute, "attribute") }
        let isLet = d.bindingSpecifier.tokenKind == .keyword(.let)
        return try d.bindings.map { binding in
            if let accessors = binding.accessorBlock { throw unsupported(accessors, "computed property") }
            let type = binding.typeAnnotation.map { $0.type.trimmedDescription }
            let value = try binding.initializer.map { try expr($0.value) }
            return .binding(isLet: isLet, try pattern(binding.pattern), type: type, value: value, location(binding))
        }
    }

    mutating func function(_ d: FunctionDeclSyntax) throws -> FunctionDecl {
        if let modifier = d.modifiers.first { throw unsupported(modifier, "'\(modifier.name.text)' modifier") }
        if let attribute = d.attributes.first { throw unsupported(attribute, "attribute") }
        if let generics = d.genericParameterClause { throw unsupported(generics, "generic function") }
        if let effects = d.signature.effectSpecifiers { throw unsupported(effects, "'\(effects.trimmedDescription)' function") }
        if d.name.tokenKind != .identifier(d.name.text) { throw unsupported(d.name, "operator function") }
        guard let body = d.body else { throw unsupported(d, "function without a body") }
        let parameters = try d.signature.parameterClause.parameters.map { p in
            if let ellipsis = p.ellipsis { throw unsupported(ellipsis, "variadic parameter") }
            if p.type.is(AttributedTypeSyntax.self) { throw unsupported(p.type, "'\(p.type.trimmedDescription)' parameter") }
            let label = p.firstName.text == "_" ? nil : p.firstName.text
            return FunctionDecl.Parameter(label: label, name: (p.secondName ?? p.firstName).text, type: p.type.trimmedDescription,
                                          defaultValue: try p.defaultValue.map { try expr($0.value) })
        }
        return FunctionDecl(name: d.name.text, parameters: parameters, returnType: d.signature.returnClause?.type.trimmedDescription,
                            body: block(body), location: location(d.name))
    }

    func pattern(_ p: PatternSyntax) throws -> Pattern {
        if let p = p.as(IdentifierPatternSyntax.self) { return .name(p.identifier.text) }
        if p.is(WildcardPatternSyntax.self) { return .wildcard }
        if let p = p.as(TuplePatternSyntax.self) {
            if let labeled = p.elements.first(where: { $0.label != nil }) { throw unsupported(labeled, "labeled tuple pattern") }
            return .tuple(try p.elements.map { try pattern($0.pattern) })
        }
        throw unsupported(p)
    }

    mutating func conditions(_ list: ConditionElementListSyntax) throws -> [Condition] {
        try list.map { element in
            switch element.condition {
            case .expression(let e):
                return .expr(try expr(e))
            case .optionalBinding(let binding):
                guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text else {
                    throw unsupported(binding.pattern, "this binding pattern")
                }
                let at = location(binding)
                let value = try binding.initializer.map { try expr($0.value) } ?? .name(name, location(binding.pattern))
                return .bind(name: name, value: value, isLet: binding.bindingSpecifier.tokenKind == .keyword(.let), at)
            default:
                throw unsupported(element, "this condition")
            }
        }
    }

    mutating func ifStatement(_ s: IfExprSyntax) throws -> Stmt {
        let conditions = try conditions(s.conditions)
        let thenBody = block(s.body)
        var elseBody: [Stmt]?
        switch s.elseBody {
        case .ifExpr(let nested): elseBody = [try ifStatement(nested)]
        case .codeBlock(let code): elseBody = block(code)
        case nil: elseBody = nil
        }
        return .ifStmt(conditions, then: thenBody, else: elseBody, location(s))
    }

    mutating func switchStatement(_ s: SwitchExprSyntax) throws -> Stmt {
        let subject = try expr(s.subject)
        var cases: [SwitchCase] = []
        for element in s.cases {
            guard case .switchCase(let c) = element else { throw unsupported(element, "'#if' in a switch") }
            var patterns: [Expr] = []
            var guardExpr: Expr?
            if case .case(let label) = c.label {
                for item in label.caseItems {
                    guard let pattern = item.pattern.as(ExpressionPatternSyntax.self) else {
                        throw unsupported(item.pattern, "this case pattern")
                    }
                    patterns.append(try expr(pattern.expression))
                    if let clause = item.whereClause {
                        guard label.caseItems.count == 1 else { throw unsupported(clause, "'where' with several patterns") }
                        guardExpr = try expr(clause.condition)
                    }
                }
            }
            cases.append(SwitchCase(patterns: patterns, guardExpr: guardExpr, body: block(c.statements), location: location(c)))
        }
        return .switchStmt(subject, cases, location(s))
    }
}

/// The diagnostics that stop a source from running (parse errors or rejections), in source order.
struct DiagnosticList: Error, Sendable {
    var items: [Diagnostic]
}
