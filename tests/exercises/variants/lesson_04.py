"""Right and wrong answers learners write for 04_loss (see ../test_variants.py)."""

BCE = "def bce(p, y):\n    "
CLAMP = "p = p.clamp(1e-7, 1 - 1e-7)\n    "
LOGITS = "def bce_with_logits(z, y):\n    "
STABLE = "z.clamp(min=0) - y * z + torch.log1p(torch.exp(-z.abs()))"

RIGHT = {
    "04.q1": [
        BCE + "p = torch.clamp(p, 1e-7, 1 - 1e-7)\n"
        "    losses = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))\n    return losses.mean()",
        BCE + "eps = 1e-7\n    p = p.clamp(eps, 1 - eps)\n"
        "    return -torch.mean(y * torch.log(p) + (1 - y) * torch.log(1 - p))",
        BCE + CLAMP + "return -(y * p.log() + (1 - y) * (1 - p).log()).sum() / len(y)",
        BCE + CLAMP + "return -torch.where(y == 1, torch.log(p), torch.log(1 - p)).mean()",
        BCE + "return -(y * torch.log(p + 1e-7) + (1 - y) * torch.log(1 - p + 1e-7)).mean()",
        BCE + "log_p = torch.log(p).clamp(min=-100)\n"
        "    log_not_p = torch.log(1 - p).clamp(min=-100)\n"
        "    return -(y * log_p + (1 - y) * log_not_p).mean()",
    ],
    "04.q2": [
        LOGITS + "return (torch.clamp(z, min=0) - y * z"
        " + torch.log1p(torch.exp(-torch.abs(z)))).mean()",
        LOGITS + "return torch.mean(z.clamp(min=0) - z * y + torch.log(1 + torch.exp(-z.abs())))",
        LOGITS + "losses = torch.maximum(z, torch.zeros_like(z)) - y * z"
        " + torch.log1p((-z.abs()).exp())\n    return losses.mean()",
        LOGITS + "return (torch.logaddexp(torch.zeros_like(z), z) - y * z).mean()",
        LOGITS + "losses = " + STABLE + "\n    return losses.sum() / len(losses)",
    ],
}

WRONG = {
    "04.q1": [
        # swapped, written three ways
        (BCE + "y = y.clamp(1e-7, 1 - 1e-7)\n"
         "    return -(p * torch.log(y) + (1 - p) * torch.log(1 - y)).mean()",
         "bce_arguments_swapped"),
        (BCE + "return F.binary_cross_entropy(y, p)", "bce_arguments_swapped"),
        (BCE + "return nn.BCELoss()(y, p)", "bce_arguments_swapped"),
        (BCE + "return loss_fn(p, y)", "used_pytorch_loss"),
        (BCE + "return nn.BCELoss()(p, y)", "used_pytorch_loss"),
        (BCE + "return torch.nn.functional.binary_cross_entropy(p.clamp(1e-7, 1 - 1e-7), y)",
         "used_pytorch_loss"),
        (BCE + "return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()", "log_of_zero"),
        (BCE + "return -torch.mean(y * p.log() + (1 - y) * (1 - p).log())", "log_of_zero"),
        # 1 - 1e-12 is exactly 1.0 in float32: the clamp does nothing at the top
        (BCE + "p = p.clamp(1e-12, 1 - 1e-12)\n"
         "    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()", "log_of_zero"),
        (BCE + CLAMP + "return -torch.sum(y * torch.log(p) + (1 - y) * torch.log(1 - p))",
         "bce_sum_not_mean"),
        (BCE + CLAMP + "losses = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))\n"
         "    return losses.sum()", "bce_sum_not_mean"),
        (BCE + CLAMP + "losses = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))\n"
         "    return losses", "forgot_the_mean"),
        (BCE + CLAMP + "return -(y * p.log() + (1 - y) * (1 - p).log())", "forgot_the_mean"),
        (BCE + CLAMP + "return torch.mean(y * torch.log(p) + (1 - y) * torch.log(1 - p))",
         "missing_minus"),
        (BCE + CLAMP + "return (y * p.log() + (1 - y) * (1 - p).log()).mean()", "missing_minus"),
        (BCE + CLAMP + "return -(y * torch.log(p)).mean()", "only_the_y1_term"),
        (BCE + CLAMP + "return -torch.mean(y * p.log())", "only_the_y1_term"),
        # the graph is cut
        (BCE + CLAMP + "return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean().item()",
         None),
        (BCE + "p = p.detach().clamp(1e-7, 1 - 1e-7)\n"
         "    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()", None),
        # other wrong formulas
        (BCE + CLAMP + "return -(y * torch.log10(p) + (1 - y) * torch.log10(1 - p)).mean()", None),
        (BCE + CLAMP + "return -(y * torch.log(p) - (1 - y) * torch.log(1 - p)).mean()", None),
        (BCE + CLAMP + "return -(y * torch.log(1 - p) + (1 - y) * torch.log(p)).mean()", None),
        (BCE + CLAMP + "return -(torch.log(p) + torch.log(1 - p)).mean()", None),
        # two mistakes at once: no minus, and a sum
        (BCE + CLAMP + "return (y * torch.log(p) + (1 - y) * torch.log(1 - p)).sum()", None),
    ],
    "04.q2": [
        (LOGITS + "p = torch.sigmoid(z)\n"
         "    return (p.clamp(min=0) - y * p + torch.log1p(torch.exp(-p.abs()))).mean()",
         "sigmoid_before_logits_loss"),
        (LOGITS + "z = z.sigmoid()\n    return (" + STABLE + ").mean()",
         "sigmoid_before_logits_loss"),
        (LOGITS + "return F.binary_cross_entropy_with_logits(torch.sigmoid(z), y)",
         "sigmoid_before_logits_loss"),
        (LOGITS + "return (torch.log(1 + torch.exp(z)) - y * z).mean()", "inf_or_nan"),
        (LOGITS + "p = 1 / (1 + torch.exp(-z))\n"
         "    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()", "inf_or_nan"),
        (LOGITS + "return torch.mean(torch.log1p(torch.exp(z)) - y * z)", "inf_or_nan"),
        (LOGITS + "return F.binary_cross_entropy(torch.sigmoid(z), y)", "through_probabilities"),
        (LOGITS + "p = torch.clamp(torch.sigmoid(z), 1e-7, 1 - 1e-7)\n"
         "    return -torch.mean(y * p.log() + (1 - y) * (1 - p).log())", "through_probabilities"),
        (LOGITS + "return nn.BCELoss()(torch.sigmoid(z), y)", "through_probabilities"),
        (LOGITS + "return loss_fn(z, y)", "used_pytorch_loss"),
        (LOGITS + "return nn.BCEWithLogitsLoss()(z, y)", "used_pytorch_loss"),
        (LOGITS + "return F.binary_cross_entropy_with_logits(z, y, reduction='mean')",
         "used_pytorch_loss"),
        (LOGITS + "return (" + STABLE + ").sum()", "bce_sum_not_mean"),
        (LOGITS + "return torch.sum(torch.clamp(z, min=0) - y * z"
         " + torch.log1p(torch.exp(-torch.abs(z))))", "bce_sum_not_mean"),
        (LOGITS + "return torch.mean(torch.clamp(z, min=0) + z * y"
         " + torch.log1p(torch.exp(-torch.abs(z))))", "plus_y_z"),
        (LOGITS + "losses = z.clamp(min=0) + y * z + torch.log1p((-z.abs()).exp())\n"
         "    return losses.mean()", "plus_y_z"),
        (LOGITS + "return " + STABLE, "forgot_the_mean"),
        (LOGITS + "losses = " + STABLE + "\n    return losses", "forgot_the_mean"),
        (LOGITS + "return torch.clamp(z, min=0) - y * z + torch.log1p(torch.exp(-torch.abs(z)))",
         "forgot_the_mean"),
        # the graph is cut
        (LOGITS + "return (" + STABLE + ").mean().detach()", None),
        (LOGITS + "with torch.no_grad():\n        return (" + STABLE + ").mean()", None),
        # the abs forgotten: log1p(exp(-z)) is wrong (and large) for negative z
        (LOGITS + "return (z.clamp(min=0) - y * z + torch.log1p(torch.exp(-z))).mean()", None),
        (LOGITS + "return (z.clamp(max=0) - y * z + torch.log1p(torch.exp(-z.abs()))).mean()",
         None),
        (LOGITS + "return (z.abs() - y * z + torch.log1p(torch.exp(-z.abs()))).mean()", None),
        (LOGITS + "return (z.clamp(min=0) - y * z + torch.log(torch.exp(-z.abs()))).mean()", None),
        (LOGITS + "p = torch.sigmoid(z).clamp(1e-3, 1 - 1e-3)\n"
         "    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()", None),
    ],
}
