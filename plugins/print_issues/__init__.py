from .print_issues import Issue, IssuesGenerator, print_position, register

__all__ = ["Issue", "IssuesGenerator", "print_position", "register"]
