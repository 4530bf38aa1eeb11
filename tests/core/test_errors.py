"""Error pages are localised and keep the layout."""

from __future__ import annotations


def test_404_in_arabic(client) -> None:
    response = client.get("/no-such-page", headers={"Accept-Language": "ar"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert "الصفحة غير موجودة" in html


def test_404_in_kurdish(client) -> None:
    client.set_cookie("multaqa_lang", "ckb")
    response = client.get("/no-such-page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert 'lang="ckb"' in html and 'dir="rtl"' in html
    assert "پەڕە نەدۆزرایەوە" in html


def test_post_without_csrf_token_is_refused_with_a_localised_page(client) -> None:
    response = client.post("/auth/login", data={"username": "admin", "password": "x"},
                           headers={"Accept-Language": "ar"})
    assert response.status_code == 400
    assert "انتهت صلاحية هذا النموذج" in response.get_data(as_text=True)


def test_method_not_allowed_is_localised(client) -> None:
    response = client.get("/auth/logout", headers={"Accept-Language": "en"})
    assert response.status_code == 405
    assert "Method not allowed" in response.get_data(as_text=True)
